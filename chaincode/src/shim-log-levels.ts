/** The winston levels fabric-shim and fabric-contract-api log at, most severe first. */
const LEVELS = ['error', 'warn', 'info', 'verbose', 'debug', 'silly'] as const;

/** The loggers the two libraries create when they load, by module and the names they give them. */
const LIBRARY_LOGGERS: Record<string, readonly string[]> = {
    'fabric-shim/lib/logger': [
        'lib/chaincode.js',
        'lib/handler.js',
        'lib/iterators.js',
        'lib/server.js',
        'lib/stub.js',
        'contracts-spi/bootstrap.js',
        'contracts-spi/chaincodefromcontract.js',
        'contracts-spi/datamarshall.js',
    ],
    'fabric-contract-api/lib/logger': [
        './lib/annotations/default.js',
        './lib/annotations/info.js',
        './lib/annotations/object.js',
        './lib/annotations/transaction.js',
        './lib/contract.js',
        './lib/jsontransactionserializer.js',
    ],
};

type LevelMethod = (...args: unknown[]) => unknown;
type WinstonLogger = Record<(typeof LEVELS)[number], LevelMethod> & { isLevelEnabled(level: string): boolean; transports: readonly { silent?: boolean }[] };

/** Marks a level method already guarded, so loading the chaincode twice (tests) wraps it once. */
const GUARDED = Symbol('coldtrace.guardedLevel');

/**
 * Makes the shim's loggers skip the lines their level drops before formatting them. winston formats
 * every line (timestamp, metadata, the arguments as JSON) and only its console transport compares
 * the level (CORE_CHAINCODE_LOGGING_LEVEL, `info` unless the peer sets it). The shim writes a few
 * debug lines per message it exchanges with the peer, one with the decoded answer as JSON, so on a
 * chaincode server a bulk step of 2,000 serials (16,000 messages for two endorsers) formatted
 * tens of thousands of lines nobody reads: a fifth of the server's CPU in an in-process profile at
 * level `info`. Lines of an enabled level go out exactly as before, and the check runs on every
 * call, so a level changed later (`ctx.logging.setLevel`) still takes effect. A line only silenced
 * transports would get (the embedded ledger silences the shim's console) is skipped too: it still
 * cost a format per transaction (the shim's `info` line of each completed call).
 *
 * @example
 * skipDroppedShimLogLines(); // once, when the chaincode package loads
 */
export function skipDroppedShimLogLines(): void {
    for (const [module, names] of Object.entries(LIBRARY_LOGGERS)) {
        // The chaincode server's own copy of the libraries: the one the contracts are loaded by.
        const { getLogger } = require(module) as { getLogger: (name: string) => WinstonLogger };
        names.forEach((name) => guardLevels(getLogger(name)));
    }
}

function guardLevels(logger: WinstonLogger): void {
    for (const level of LEVELS) {
        const log = logger[level] as LevelMethod & { [GUARDED]?: true };
        if (typeof log !== 'function' || log[GUARDED]) {
            continue;
        }
        const guarded = Object.assign(
            (...args: unknown[]) => (logger.isLevelEnabled(level) && logger.transports.some((transport) => !transport.silent) ? log.apply(logger, args) : logger),
            { [GUARDED]: true as const },
        );
        logger[level] = guarded;
    }
}
