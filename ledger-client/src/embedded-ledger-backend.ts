import {
    AccessDeniedError,
    ChaincodeRejectedError,
    type EmbeddedLedger,
    EndorsementMismatchError,
    LedgerUnavailableError,
    TransactionInvalidatedError,
} from '@coldtrace/embedded-ledger';
import type { ChainCheck, EventSubscription, Ledger, LedgerEvent, LedgerIdentity, SubmitResult, TransactionOptions } from './ledger';
import { LedgerError } from './ledger-error';

/** {@link Ledger} on the in-process embedded ledger, which stays reachable for what only it offers (enrolling, blocks). */
export interface EmbeddedLedgerBackend extends Ledger {
    readonly kind: 'embedded';
    readonly ledger: EmbeddedLedger;
}

/**
 * @example
 * const ledger = newEmbeddedLedgerBackend(await openEmbeddedLedger({ dataDir, chaincodePath, organizations }));
 */
export function newEmbeddedLedgerBackend(ledger: EmbeddedLedger): EmbeddedLedgerBackend {
    return new InProcessLedger(ledger);
}

/**
 * Whether `ledger` is the embedded ledger's backend.
 *
 * @example
 * if (isEmbeddedLedgerBackend(ledger)) await ledger.ledger.enroll(mspId, 'admin');
 */
export function isEmbeddedLedgerBackend(ledger: Ledger): ledger is EmbeddedLedgerBackend {
    return ledger instanceof InProcessLedger;
}

class InProcessLedger implements EmbeddedLedgerBackend {
    readonly kind = 'embedded';

    constructor(readonly ledger: EmbeddedLedger) {}

    async submit(identity: LedgerIdentity, fn: string, args: readonly string[], options: TransactionOptions = {}): Promise<SubmitResult> {
        try {
            return await this.ledger.submit(identity, fn, args, options);
        } catch (error) {
            throw toLedgerError(error);
        }
    }

    async evaluate(identity: LedgerIdentity, fn: string, args: readonly string[], options: TransactionOptions = {}): Promise<Uint8Array> {
        try {
            return await this.ledger.evaluate(identity, fn, args, options);
        } catch (error) {
            throw toLedgerError(error);
        }
    }

    async subscribe(_identity: LedgerIdentity, listener: (event: LedgerEvent) => void, options: { startBlock?: number } = {}): Promise<EventSubscription> {
        const stop = await this.ledger.subscribe(
            (event) => listener({ blockNumber: event.blockNumber, txId: event.txId, eventName: event.eventName, payload: event.payload }),
            options,
        );
        return { close: stop };
    }

    async height(): Promise<number> {
        return this.ledger.height;
    }

    async verifyChain(): Promise<ChainCheck> {
        const result = await this.ledger.verify();
        return { ok: result.ok, height: result.height, checkedBlocks: result.blocksChecked, firstBadBlock: result.firstInvalidBlock, reason: result.reason };
    }

    close(): Promise<void> {
        return this.ledger.close();
    }
}

function toLedgerError(error: unknown): LedgerError {
    if (error instanceof ChaincodeRejectedError) {
        return LedgerError.fromChaincodeMessage(error.reason, error.txId, error);
    }
    if (error instanceof TransactionInvalidatedError) {
        return new LedgerError('CONFLICT_RETRY', error.message, error.txId, { cause: error });
    }
    if (error instanceof EndorsementMismatchError) {
        return new LedgerError('ENDORSEMENT_MISMATCH', error.message, error.txId, { cause: error });
    }
    if (error instanceof AccessDeniedError) {
        return new LedgerError('ACCESS_DENIED', error.message, undefined, { cause: error });
    }
    if (error instanceof LedgerUnavailableError) {
        return new LedgerError('UNAVAILABLE', error.message, undefined, { cause: error });
    }
    return new LedgerError('LEDGER_ERROR', (error as Error).message ?? String(error), undefined, { cause: error });
}
