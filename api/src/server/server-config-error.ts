/** The server was started with options it cannot run with; the message says which and how to fix it. */
export class ServerConfigError extends Error {
    override name = 'ServerConfigError';
}
