import { z } from 'zod';

/**
 * The data of a `ReadingsStored` message on `GET /api/v1/events`: readings of a shipment were stored
 * since the previous such message (at most one a second per shipment), with reading times from
 * `firstAt` to `lastAt`. A live chart asks the readings route for `from` = the earlier of `firstAt`
 * and its newest reading, so it fetches only what is new, late readings included. Sent to the
 * shipment's parties (and auditors), like the ledger events about it.
 *
 * @example
 * const stored = ReadingsStoredEvent.safeParse(event);
 * if (stored.success) client.call('shipmentTelemetry', { params: { shipmentId: stored.data.ids.shipmentId }, query: { from: stored.data.firstAt } });
 */
export const ReadingsStoredEvent = z.object({
    type: z.literal('ReadingsStored'),
    ids: z.object({ shipmentId: z.string() }),
    parties: z.array(z.string()),
    firstAt: z.iso.datetime({ offset: true }),
    lastAt: z.iso.datetime({ offset: true }),
    count: z.number().int().positive(),
    at: z.iso.datetime({ offset: true }),
});
export type ReadingsStoredEvent = z.infer<typeof ReadingsStoredEvent>;
