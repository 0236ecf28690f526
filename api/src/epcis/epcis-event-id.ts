import { sha256Hex } from '@coldtrace/chaincode/sha256';

/** The record whose trace holds a mapped event: a product (`p`, its serial), a handling unit (`u`, its SSCC) or a shipment (`s`). */
export interface EventLocator {
    kind: 'p' | 'u' | 's';
    id: string;
}

/** Where a mapped event comes from on the ledger: the transaction (when the record keeps it), the step and its subject. */
export interface EventCoordinates {
    /** The ledger transaction that recorded the step; absent where the record keeps no transaction of it (an excursion, a report). */
    txId?: string;
    /** The coldtrace step, e.g. `commissioning`, `shipping`, `recall`. */
    step: string;
    /** What the event is about, e.g. a serial, an SSCC, `shipmentId/excursionId/closed`. */
    subject: string;
    /** The record to read to find the event again by its ID. */
    locator: EventLocator;
}

const LEDGER_EVENT_ID = /^urn:coldtrace:event:([pus]):([^:]+):([0-9a-f]{32})$/;

/**
 * The eventID of a ledger-mapped event: a URN naming the record whose trace holds it and SHA-256 over
 * its coordinates, so exporting the same ledger twice gives the same IDs, two steps never share one,
 * and `GET /epcis/events/{eventID}` reads that one record instead of searching. Not the CBV's canonical
 * event hash (`ni:///sha-256;…`), which hashes an event's content: a mapped event's content follows
 * coldtrace's mapping, its identity follows the ledger.
 *
 * @example
 * ledgerEventId({ txId: 'ab12…', step: 'commissioning', subject: 'B3F9A0C12D4.1', locator: { kind: 'p', id: 'B3F9A0C12D4.1' } });
 * // 'urn:coldtrace:event:p:B3F9A0C12D4.1:6f1c…'
 */
export function ledgerEventId(coordinates: EventCoordinates): string {
    const hex = sha256Hex(`coldtrace|${coordinates.txId ?? ''}|${coordinates.step}|${coordinates.subject}`).slice(0, 32);
    return `urn:coldtrace:event:${coordinates.locator.kind}:${encodeURIComponent(coordinates.locator.id)}:${hex}`;
}

/**
 * The record a ledger eventID names, or undefined for any other eventID (a partner's captured event).
 *
 * @example
 * eventLocator('urn:coldtrace:event:s:SHIP-1:6f1c…'); // { kind: 's', id: 'SHIP-1' }
 */
export function eventLocator(eventID: string): EventLocator | undefined {
    const [, kind, id] = LEDGER_EVENT_ID.exec(eventID) ?? [];
    if (kind === undefined || id === undefined) {
        return undefined;
    }
    try {
        return { kind: kind as EventLocator['kind'], id: decodeURIComponent(id) };
    } catch {
        return undefined;
    }
}
