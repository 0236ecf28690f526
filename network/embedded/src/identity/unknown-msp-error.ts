/**
 * The MSP ID names no organization of this network.
 *
 * @example
 * registry.get('NobodyMSP'); // throws UnknownMspError
 */
export class UnknownMspError extends Error {
    override name = 'UnknownMspError';
    readonly code = 'UNKNOWN_MSP';

    constructor(
        readonly mspId: string,
        known: readonly string[],
    ) {
        super(`unknown MSP ${JSON.stringify(mspId)}; known MSPs are ${known.join(', ') || '(none)'}`);
    }
}
