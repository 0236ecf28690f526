import { parseChaincodeError, type ChaincodeErrorCode } from '@coldtrace/chaincode/model';

/**
 * Why the ledger refused or failed a call. Chaincode refusals keep the chaincode's code; the others
 * come from the ledger itself.
 */
export type LedgerErrorCode =
    | ChaincodeErrorCode
    /** The transaction lost an MVCC race or read a phantom; retrying it may succeed. */
    | 'CONFLICT_RETRY'
    /** Endorsers disagreed: the chaincode is not deterministic. */
    | 'ENDORSEMENT_MISMATCH'
    /** The identity is not trusted by the ledger or its signature is wrong. */
    | 'ACCESS_DENIED'
    /** The ledger cannot be reached or is closed. */
    | 'UNAVAILABLE'
    /** Anything else the chaincode or ledger reported without a code. */
    | 'LEDGER_ERROR';

/**
 * An error from a ledger call, whichever ledger made it.
 *
 * @example
 * try { await ledger.submit(user, 'product:sell', [serial]); }
 * catch (error) { if (error instanceof LedgerError && error.code === 'FORBIDDEN') … }
 */
export class LedgerError extends Error {
    override name = 'LedgerError';

    constructor(
        readonly code: LedgerErrorCode,
        message: string,
        readonly txId?: string,
        options?: { cause?: unknown },
    ) {
        super(message, options);
    }

    /** A chaincode refusal: the code is read from the chaincode's message when it carries one. */
    static fromChaincodeMessage(message: string, txId?: string, cause?: unknown): LedgerError {
        const parsed = parseChaincodeError(message);
        return parsed ? new LedgerError(parsed.code, `${parsed.code}: ${parsed.reason}`, txId, { cause }) : new LedgerError('LEDGER_ERROR', message, txId, { cause });
    }
}
