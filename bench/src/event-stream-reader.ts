import { createParser } from 'eventsource-parser';

/** One Server-Sent Event as `GET /api/v1/events` sends it, stamped when it arrived. */
export interface ReceivedEvent {
    type: string;
    data: { ids?: Record<string, string>; [field: string]: unknown };
    receivedMs: number;
}

/** An open `GET /api/v1/events` stream; `close()` ends it. */
export interface EventStreamReader {
    close(): void;
}

/**
 * Reads the server's event stream as a signed-in user, handing on each event the moment its
 * last line arrived (a browser's EventSource would do the same, later by its own dispatch).
 *
 * @example
 * const stream = await readEventStream(url, token, (event) => console.log(event.type, event.data.ids));
 */
export async function readEventStream(baseUrl: string, token: string, onEvent: (event: ReceivedEvent) => void): Promise<EventStreamReader> {
    const abort = new AbortController();
    const response = await fetch(`${baseUrl}/api/v1/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: abort.signal });
    if (!response.ok || !response.body) {
        throw new Error(`GET /api/v1/events answered ${response.status}`);
    }
    const decoder = new TextDecoder();
    const parser = createParser({
        onEvent: ({ event, data }) => {
            if (event && data) {
                onEvent({ type: event, data: JSON.parse(data), receivedMs: Date.now() });
            }
        },
    });
    const body = response.body;
    void (async () => {
        try {
            for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
                parser.feed(decoder.decode(chunk, { stream: true }));
            }
        } catch {
            // closed
        }
    })();
    return { close: () => abort.abort() };
}
