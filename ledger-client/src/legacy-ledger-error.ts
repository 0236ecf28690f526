import { LedgerError } from './ledger-error';

/** What fabric-network 2.2 attaches to a failed endorsement: each peer's answer and each peer it could not reach. */
interface EndorsementFailure {
    responses?: { response?: { status?: number; message?: string } }[];
    errors?: { message?: string }[];
}

/** Commit statuses after which the same transaction, endorsed again, may succeed. */
const RETRYABLE_STATUSES = ['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT'];

/** Words a peer or orderer that cannot be reached leaves in fabric-common's messages. */
const UNREACHABLE = /UNAVAILABLE|failed to connect|connect before the deadline|ECONNREFUSED|connection failed|not connected|Missing response from peer/i;

/**
 * Reads the reason out of a fabric-network 2.2 failure into the {@link LedgerError} the Gateway
 * backend would give: a chaincode refusal keeps its code and reason (from the endorsing peers'
 * answers, or the query's "peer error response: …"), an invalid commit its status, an unreachable
 * network UNAVAILABLE.
 *
 * @example
 * try { await transaction.submit(...args); } catch (error) { throw legacyLedgerError(error, transaction.getTransactionId()); }
 */
export function legacyLedgerError(error: unknown, txId?: string): LedgerError {
    if (error instanceof LedgerError) {
        return error;
    }
    const failure = (error ?? {}) as EndorsementFailure & { message?: string };
    const message = failure.message ?? String(error);
    const answers = (failure.responses ?? []).map((answer) => answer.response?.message ?? '').filter(Boolean);
    const coded = [...answers, message].map((text) => LedgerError.fromChaincodeMessage(text, txId, error)).find((e) => e.code !== 'LEDGER_ERROR');
    if (coded) {
        return coded;
    }
    const texts = [message, ...answers, ...(failure.errors ?? []).map((e) => e.message ?? '')].filter(Boolean);
    const text = [...new Set(texts)].join('; ');
    if (/access denied|creator .* (is not|not) valid|signature/i.test(text)) {
        return new LedgerError('ACCESS_DENIED', text, txId, { cause: error });
    }
    if (!answers.length && UNREACHABLE.test(text)) {
        return new LedgerError('UNAVAILABLE', text, txId, { cause: error });
    }
    return new LedgerError('LEDGER_ERROR', text, txId, { cause: error });
}

/**
 * A transaction the orderer took but the peer marked invalid: lost races may be retried.
 *
 * @example
 * legacyCommitError('tx1', 'MVCC_READ_CONFLICT', 7).code; // 'CONFLICT_RETRY'
 */
export function legacyCommitError(txId: string, status: string, blockNumber: number): LedgerError {
    const code = RETRYABLE_STATUSES.includes(status) ? 'CONFLICT_RETRY' : 'LEDGER_ERROR';
    return new LedgerError(code, `transaction ${txId} failed to commit in block ${blockNumber} with status ${status}`, txId);
}
