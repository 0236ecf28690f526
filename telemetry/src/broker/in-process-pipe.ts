import { Duplex } from 'node:stream';

/** One end of an {@link inProcessPipe}: what is written to it is read from the other end. */
class PipeEnd extends Duplex {
    other: PipeEnd | undefined;

    override _read(): void {
        // Data arrives when the other end writes; nothing to pull.
    }

    override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
        this.other?.push(chunk);
        callback();
    }

    override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
        for (const { chunk } of chunks) {
            this.other?.push(chunk);
        }
        callback();
    }

    override _final(callback: (error?: Error | null) => void): void {
        this.other?.push(null);
        callback();
    }

    override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
        // Either side going away closes the connection, as a socket's would.
        if (this.other && !this.other.destroyed) {
            this.other.destroy();
        }
        callback(error);
    }
}

/**
 * Two connected duplex streams in memory: a connection between two parts of one process with no
 * socket and no TLS (the embedded broker and the backend's own MQTT session).
 *
 * @example
 * const [client, server] = inProcessPipe();
 * server.on('data', (chunk) => console.log(chunk.toString())); // 'hello'
 * client.write('hello');
 */
export function inProcessPipe(): [Duplex, Duplex] {
    const a = new PipeEnd();
    const b = new PipeEnd();
    a.other = b;
    b.other = a;
    return [a, b];
}
