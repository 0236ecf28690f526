/** One message of a text/event-stream: its event name (default "message"), data and id. */
export interface ServerSentEvent {
    event: string;
    data: string;
    id?: string;
}

/**
 * Reads a text/event-stream as it arrives in chunks of any size, following the WHATWG rules that
 * matter here: lines end with LF, CR or CRLF, `data` lines join with LF, comments (":") are
 * keep-alives, and a blank line dispatches. Used instead of EventSource because EventSource cannot
 * send the bearer token the API requires.
 *
 * @example
 * const parser = new SseParser((e) => console.log(e.event, JSON.parse(e.data)));
 * parser.push('event: ExcursionRecorded\ndata: {"ids":{}}\n\n');
 */
export class SseParser {
    private buffer = '';
    private event = '';
    private data: string[] = [];
    private id: string | undefined;
    private lastId: string | undefined;

    constructor(private readonly dispatch: (event: ServerSentEvent) => void) {}

    /** The id of the last dispatched event, for Last-Event-ID on reconnect. */
    get lastEventId(): string | undefined {
        return this.lastId;
    }

    push(chunk: string): void {
        this.buffer += chunk;
        for (;;) {
            const match = /\r\n|\r|\n/.exec(this.buffer);
            // A lone CR at the end may be the first half of CRLF: wait for the next chunk.
            if (!match || (match[0] === '\r' && match.index === this.buffer.length - 1)) {
                return;
            }
            const line = this.buffer.slice(0, match.index);
            this.buffer = this.buffer.slice(match.index + match[0].length);
            this.line(line);
        }
    }

    private line(line: string): void {
        if (line === '') {
            this.flush();
            return;
        }
        if (line.startsWith(':')) {
            return;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) {
            value = value.slice(1);
        }
        if (field === 'event') {
            this.event = value;
        } else if (field === 'data') {
            this.data.push(value);
        } else if (field === 'id' && !value.includes('\0')) {
            this.id = value;
        }
    }

    private flush(): void {
        if (this.id !== undefined) {
            this.lastId = this.id;
        }
        if (this.data.length > 0) {
            this.dispatch({ event: this.event || 'message', data: this.data.join('\n'), id: this.id ?? this.lastId });
        }
        this.event = '';
        this.data = [];
        this.id = undefined;
    }
}
