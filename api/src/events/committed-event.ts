import type { LedgerEvent as ChaincodeEvent } from '@coldtrace/chaincode/model';
import type { LedgerEvent } from '@coldtrace/ledger-client';

/** A committed chaincode event (or one the backend observed itself) as the API hands it on. */
export interface CommittedEvent {
    /** `<block>:<txId>` (`local:<n>` for the backend's own): the SSE event id, which a reconnecting client sends back as Last-Event-ID. */
    id: string;
    /** -1 for the backend's own events. */
    blockNumber: number;
    txId: string;
    type: string;
    payload: ChaincodeEvent & { at?: string; actor?: unknown };
}

/**
 * A ledger event as the API hands it on, or undefined when its payload is not one of coldtrace's
 * (JSON) events.
 *
 * @example
 * committedEventOf({ blockNumber: 7, txId: 'tx7', eventName: 'OrderPlaced', payload })?.id; // '7:tx7'
 */
export function committedEventOf(event: LedgerEvent): CommittedEvent | undefined {
    try {
        const payload = JSON.parse(Buffer.from(event.payload).toString('utf8')) as CommittedEvent['payload'];
        return { id: `${event.blockNumber}:${event.txId}`, blockNumber: event.blockNumber, txId: event.txId, type: event.eventName, payload };
    } catch {
        return undefined;
    }
}
