import { createHash } from 'node:crypto';

/** Where a mapped event comes from on the ledger: the transaction (when the record keeps it), the step and its subject. */
export interface EventCoordinates {
    /** The ledger transaction that recorded the step; absent where the record keeps no transaction of it (an excursion, a report). */
    txId?: string;
    /** The coldtrace step, e.g. `commissioning`, `shipping`, `recall`. */
    step: string;
    /** What the event is about, e.g. a serial, an SSCC, `shipmentId/excursionId/closed`. */
    subject: string;
}

/**
 * The eventID of a ledger-mapped event: a name-based UUID (RFC 9562 version 8) of SHA-256 over its
 * coordinates, so exporting the same ledger twice gives the same IDs, and two steps never share one.
 * Not the CBV's canonical event hash (`ni:///sha-256;…`), which hashes an event's content: a mapped
 * event's content follows coldtrace's mapping, its identity follows the ledger.
 *
 * @example
 * ledgerEventId({ txId: 'ab12…', step: 'commissioning', subject: 'B3F9A0C12D4.1' }); // 'urn:uuid:6f1c…'
 */
export function ledgerEventId(coordinates: EventCoordinates): string {
    const hex = createHash('sha256')
        .update(`coldtrace|${coordinates.txId ?? ''}|${coordinates.step}|${coordinates.subject}`)
        .digest('hex');
    const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
