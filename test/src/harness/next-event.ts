import type { LedgerEvent } from '@coldtrace/ledger-client';

/**
 * Resolves with the first event that `match` accepts among those a subscription collects, or fails
 * after `ms` naming the events it saw.
 *
 * @example
 * const event = await nextEvent(live, (e) => e.txId === txId);
 */
export function nextEvent(events: LedgerEvent[], match: (event: LedgerEvent) => boolean, ms = 20_000): Promise<LedgerEvent> {
    const deadline = Date.now() + ms;
    return new Promise((resolve, reject) => {
        const poll = () => {
            const found = events.find(match);
            if (found) {
                resolve(found);
            } else if (Date.now() > deadline) {
                reject(new Error(`no matching event within ${ms} ms; saw ${events.map((e) => e.eventName).join(', ') || 'none'}`));
            } else {
                setTimeout(poll, 20);
            }
        };
        poll();
    });
}

/** The JSON payload of a chaincode event. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each chaincode event has its own payload; the tests read the fields they assert on.
export function payloadOf(event: LedgerEvent): any {
    return JSON.parse(Buffer.from(event.payload).toString());
}
