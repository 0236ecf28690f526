import assert from 'node:assert/strict';
import { createParser } from 'eventsource-parser';

/** One message read off `GET /api/v1/events`: its event name and parsed data. */
export interface StreamedEvent {
    event: string;
    data: { ids?: Record<string, string>; [field: string]: unknown };
}

/**
 * Opens a Server-Sent Events stream (the server listens on the hub before it answers the headers),
 * then reads it until `until` sees what it waits for, the controller aborts, or 30 s pass.
 *
 * @example
 * const collect = await openEvents(api.url, token, (events) => events.length > 0);
 * const events = await collect();
 */
export async function openEvents(url: string, token: string, until: (events: StreamedEvent[]) => boolean, controller = new AbortController()) {
    const response = await fetch(`${url}/api/v1/events?access_token=${encodeURIComponent(token)}`, { signal: controller.signal });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    if (!response.body) {
        throw new Error('GET /api/v1/events answered without a body');
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const events: StreamedEvent[] = [];
    const parser = createParser({
        onEvent: ({ event, data }) => {
            if (event && data) {
                events.push({ event, data: JSON.parse(data) });
            }
        },
    });
    return async () => {
        const timer = setTimeout(() => controller.abort(), 30_000);
        try {
            while (!until(events)) {
                const { value, done } = await reader.read();
                if (done) {
                    break;
                }
                parser.feed(decoder.decode(value, { stream: true }));
            }
        } catch (error) {
            if ((error as Error).name !== 'AbortError') {
                throw error;
            }
        } finally {
            clearTimeout(timer);
            controller.abort();
        }
        return events;
    };
}
