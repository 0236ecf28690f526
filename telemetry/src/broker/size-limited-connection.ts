import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { MqttPacketSizeLimit, type PacketSizeVerdict } from './mqtt-packet-size-limit';

/**
 * One client socket as the broker sees it, letting through only MQTT packets within the size
 * limit. Bytes are handed on as they arrive; when a fixed header announces a larger packet the
 * socket is destroyed at once, so not one byte of that packet reaches the broker's parser (which
 * would otherwise buffer the whole packet, 256 MB at most). Writes are held until the event loop's
 * turn ends and then go out as one socket write (one TLS record): the broker answers each QoS 1
 * publish with its own PUBACK and delivers each message to a subscriber on its own, so under load a
 * device's acknowledgements of one socket read, and the detector's deliveries of one turn, would
 * otherwise each cost a TLS record and a system call.
 *
 * @example
 * tls.createServer(options, (socket) => aedes.handle(new SizeLimitedConnection(socket, 65_536, (refusal) => log(refusal.reason))));
 */
export class SizeLimitedConnection extends Duplex {
    readonly #socket: Socket;
    #ended = false;
    #corked = false;

    constructor(socket: Socket, maxPacketBytes: number, onRefused: (refusal: Extract<PacketSizeVerdict, { ok: false }>) => void, onAdmitted?: (bytes: number) => void) {
        super({ allowHalfOpen: false });
        this.#socket = socket;
        const limit = new MqttPacketSizeLimit(maxPacketBytes);
        socket.on('data', (chunk: Buffer) => {
            const verdict = limit.scan(chunk);
            if (!verdict.ok) {
                onRefused(verdict);
                this.destroy();
                return;
            }
            onAdmitted?.(chunk.length);
            if (!this.push(chunk)) {
                socket.pause();
            }
        });
        socket.on('end', () => {
            this.#ended = true;
            this.push(null);
        });
        socket.on('error', (error) => this.destroy(error));
        // After 'end' the broker reads what is left and closes; without it nothing more will come.
        socket.on('close', () => {
            if (!this.#ended) {
                this.destroy();
            }
        });
    }

    override _read(): void {
        this.#socket.resume();
    }

    override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
        this.#forward(chunk, callback);
    }

    override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
        const [first, ...rest] = chunks;
        this.#forward(first && rest.length === 0 ? first.chunk : Buffer.concat(chunks.map((c) => c.chunk)), callback);
    }

    override _final(callback: (error?: Error | null) => void): void {
        this.#flush();
        this.#socket.end(callback);
    }

    override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
        // What the broker wrote last (a refusing CONNACK before it closes) still goes out.
        this.#flush();
        this.#socket.destroy();
        callback(error);
    }

    /** Sends the writes held since the turn began. */
    #flush(): void {
        if (this.#corked) {
            this.#corked = false;
            this.#socket.uncork();
        }
    }

    #forward(data: Buffer, callback: (error?: Error | null) => void): void {
        if (!this.#corked) {
            this.#corked = true;
            this.#socket.cork();
            setImmediate(() => this.#flush());
        }
        if (this.#socket.write(data)) {
            callback();
        } else {
            this.#socket.once('drain', () => callback());
        }
    }
}
