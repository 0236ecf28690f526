/**
 * The chaincode refused the proposal: its message (e.g. "FORBIDDEN: only RetailerMSP may sell
 * products") is the reason, and nothing was ordered or written.
 */
export class ChaincodeRejectedError extends Error {
    override name = 'ChaincodeRejectedError';

    constructor(
        readonly txId: string,
        readonly status: number,
        readonly reason: string,
    ) {
        super(reason);
    }
}

/** Two endorsers simulated the same proposal and produced different results: non-deterministic chaincode. */
export class EndorsementMismatchError extends Error {
    override name = 'EndorsementMismatchError';

    constructor(
        readonly txId: string,
        readonly endorsers: string[],
    ) {
        super(`ENDORSEMENT_MISMATCH: endorsers ${endorsers.join(' and ')} returned different results for transaction ${txId}; the chaincode is not deterministic`);
    }
}

/** The transaction was ordered into a block but the committing peer invalidated it. */
export class TransactionInvalidatedError extends Error {
    override name = 'TransactionInvalidatedError';

    constructor(
        readonly txId: string,
        readonly code: string,
        readonly blockNumber: number,
    ) {
        super(`transaction ${txId} was invalidated in block ${blockNumber} with code ${code}`);
    }
}

/** The proposal's creator is not a member of a known MSP or its signature does not verify. */
export class AccessDeniedError extends Error {
    override name = 'AccessDeniedError';

    constructor(reason: string) {
        super(`access denied: ${reason}`);
    }
}

/** The ledger was closed, or a failed write left it unusable until reopened. */
export class LedgerUnavailableError extends Error {
    override name = 'LedgerUnavailableError';
}

/**
 * The endorsements cannot satisfy Fabric's rules for the private data the transaction writes: a
 * write to an organization's implicit collection needs one of its peers' endorsement, and with
 * transient data the Gateway picks endorsers only among the members of every collection written.
 * Nothing was ordered or written.
 */
export class PrivateDataEndorsementError extends Error {
    override name = 'PrivateDataEndorsementError';

    constructor(
        readonly txId: string,
        reason: string,
    ) {
        super(reason);
    }
}
