import type { Logger } from 'pino';

/**
 * On the first SIGINT or SIGTERM runs `shutdown` and exits 0 (1 when it fails); a second signal exits
 * at once (130), for an operator who will not wait for in-flight ledger submits.
 *
 * @example
 * shutdownOnSignals(logger, 'stopping the detector', () => detector.close());
 */
export function shutdownOnSignals(logger: Logger, what: string, shutdown: () => Promise<unknown>): void {
    let signals = 0;
    const stop = (signal: string) => {
        signals += 1;
        if (signals > 1) {
            logger.warn(`${signal} again: exiting without waiting`);
            process.exit(130);
        }
        logger.info(`${signal}: ${what}`);
        shutdown().then(
            () => process.exit(0),
            (error: Error) => {
                logger.error({ err: error }, 'shutdown failed');
                process.exit(1);
            },
        );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
}
