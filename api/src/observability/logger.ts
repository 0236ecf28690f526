import pino, { type DestinationStream, type Logger } from 'pino';
import { REDACTED, redactSecrets } from './secret-redaction';

/**
 * The process's structured logger: JSON lines on stdout (or `destination`), level from LOG_LEVEL
 * (tests: silent). No token, password or credential reaches a line: pino drops the known fields,
 * and every serialized line is scrubbed once more before it is written (query strings, urls, any field).
 *
 * @example
 * const log = createLogger('info'); log.info({ port }, 'coldtrace API listening');
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
    const options: pino.LoggerOptions = {
        level,
        base: { service: 'coldtrace-api' },
        redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.query.access_token', 'password', '*.password'], censor: REDACTED },
        hooks: { streamWrite: redactSecrets },
    };
    return destination ? pino(options, destination) : pino(options);
}
