/**
 * Quiets fabric-network 2.2's built-in logger, which prints every refused proposal to the console as
 * an error: coldtrace reports those itself, as the LedgerError the request answers with. It must run
 * before fabric-common is first loaded (its modules take their loggers when loaded), so the legacy
 * client imports this module first. HFC_LOGGING (e.g. '{"warn":"console"}') brings the SDK's own
 * logging back for troubleshooting.
 *
 * @example
 * import './fabric-sdk-logging'; // before any import of fabric-network or fabric-common
 */
const silent = () => undefined;
const sdk = globalThis as { hfc?: { logger?: unknown } };
if (!process.env.HFC_LOGGING && !sdk.hfc?.logger) {
    sdk.hfc = { ...sdk.hfc, logger: { debug: silent, info: silent, warn: silent, error: silent, log: silent } };
}

export {};
