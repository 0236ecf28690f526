import { connect, createServer } from 'node:net';

/**
 * A TCP port free on 127.0.0.1 right now, for a server started beside others (a broker, nats-server,
 * the API) by the tests and the benchmarks.
 *
 * @example
 * const port = await freePort(); // 41873
 */
export async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address() as { port: number };
            server.close(() => resolve(port));
        });
    });
}

/**
 * Whether something accepts TCP connections on 127.0.0.1:`port`: how a launcher tells that the
 * server it started is up.
 *
 * @example
 * while (!(await listening(mqttPort))) await new Promise((r) => setTimeout(r, 50));
 */
export function listening(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => {
            socket.destroy();
            resolve(true);
        });
        socket.once('error', () => resolve(false));
    });
}
