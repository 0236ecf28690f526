import pino, { type Logger } from 'pino';

/**
 * The process's structured logger: JSON lines on stdout, level from LOG_LEVEL (tests: silent).
 * Authorization headers and passwords never reach a log line.
 *
 * @example
 * const log = createLogger('info'); log.info({ port }, 'coldtrace API listening');
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
    return pino({
        level,
        base: { service: 'coldtrace-api' },
        redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'password', '*.password'], censor: '[redacted]' },
    });
}
