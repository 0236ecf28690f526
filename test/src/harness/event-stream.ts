import assert from 'node:assert/strict';

/** One message read off `GET /api/v1/events`: its event name and parsed data. */
export interface StreamedEvent {
    event: string;
    data: any;
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
    const reader = response.body!.getReader();
    const events: StreamedEvent[] = [];
    let buffer = '';
    return async () => {
        const timer = setTimeout(() => controller.abort(), 30_000);
        try {
            while (!until(events)) {
                const { value, done } = await reader.read();
                if (done) {
                    break;
                }
                buffer += Buffer.from(value).toString('utf8');
                let end: number;
                while ((end = buffer.indexOf('\n\n')) >= 0) {
                    const block = buffer.slice(0, end);
                    buffer = buffer.slice(end + 2);
                    const field = (name: string) =>
                        block
                            .split('\n')
                            .find((line) => line.startsWith(`${name}: `))
                            ?.slice(name.length + 2);
                    if (field('event') && field('data')) {
                        events.push({ event: field('event')!, data: JSON.parse(field('data')!) });
                    }
                }
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
