import { describe, expect, it } from 'vitest';
import { type ServerSentEvent, SseParser } from './sse-parser';

function parse(...chunks: string[]): { events: ServerSentEvent[]; parser: SseParser } {
    const events: ServerSentEvent[] = [];
    const parser = new SseParser((e) => events.push(e));
    chunks.forEach((c) => parser.push(c));
    return { events, parser };
}

describe('SseParser', () => {
    it('dispatches on a blank line with the event name, joined data and id', () => {
        const { events, parser } = parse('id: 7\nevent: ExcursionRecorded\ndata: {"a":1,\ndata: "b":2}\n\n');
        expect(events).toEqual([{ event: 'ExcursionRecorded', data: '{"a":1,\n"b":2}', id: '7' }]);
        expect(parser.lastEventId).toBe('7');
    });

    it('reassembles events split across chunks anywhere, including inside CRLF', () => {
        const { events } = parse('data: hel', 'lo\r', '\n\r\ndata: x\n', '\n');
        expect(events.map((e) => e.data)).toEqual(['hello', 'x']);
        expect(events[0].event).toBe('message');
    });

    it('ignores comments (keep-alives) and events without data', () => {
        const { events } = parse(': ping\n\nevent: empty\n\n');
        expect(events).toEqual([]);
    });

    it('keeps a value without the single leading space only', () => {
        const { events } = parse('data:  two spaces\n\n');
        expect(events[0].data).toBe(' two spaces');
    });
});
