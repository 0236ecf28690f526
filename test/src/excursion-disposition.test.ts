import assert from 'node:assert/strict';
import type { LedgerEvent } from '@coldtrace/ledger-client';
import { nextEvent, payloadOf } from './harness/next-event';
import { assertRefused, ledgerSuite } from './harness/suite';

const release = { justification: 'Stability study S-12: 48 h at 15 °C stays within specification', documentSha256: 'c'.repeat(64) };
const rejection = { justification: 'Peak above the temperatures our stability data cover' };

ledgerSuite('excursion disposition: a closed excursion holds its units until the manufacturer releases or rejects them', (ctx) => {
    const refuse = (...args: Parameters<typeof assertRefused> extends [unknown, ...infer R] ? R : never) => assertRefused(ctx, ...args);

    it('holds the units, lets only the goods’ manufacturer release them with a justification, then allows the sale; the trace shows who decided', async () => {
        const shipment = await ctx.world.shipment(2, 'in_transit');
        const open = ctx.world.excursionInput(shipment);
        await ctx.ledger.submit('detector', 'telemetry:recordExcursion', [open]);
        const args = [shipment.shipmentId, open.excursionId, release];
        await refuse('manufacturer', 'excursion:release', args, 'CONFLICT', /is still open; its units are decided on once it is closed/);
        const { excursionId } = await ctx.world.closedExcursion(shipment);
        // closedExcursion records a second excursion (another start); close the first as well.
        await ctx.ledger.submit('detector', 'telemetry:recordExcursion', [{ ...open, endAt: new Date(Date.parse(open.startAt as string) + 35 * 60_000).toISOString() }]);
        await ctx.ledger.submit('carrier', 'shipment:deliver', [shipment.shipmentId]);
        await ctx.ledger.submit('retailer', 'shipment:receive', [shipment.shipmentId]);
        const [serial] = shipment.serials as [string];
        await ctx.ledger.submit('retailer', 'product:stock', [serial]);
        await refuse(
            'retailer',
            'product:label',
            [serial],
            'CONFLICT',
            new RegExp(
                `EXCURSION_HOLD: product ${serial} is on hold: excursion .* of shipment ${shipment.shipmentId} .*awaits its manufacturer's release or rejection; cannot label`,
            ),
        );
        const held = await ctx.ledger.evaluate('retailer', 'product:get', [serial]);
        assert.deepEqual(held.flags, { excursion: true, anomaly: false, excursionHold: 'on_hold' });
        assert.equal((await ctx.ledger.evaluate('retailer', 'query:publicProvenance', [serial])).onHold, true);

        // Refusals: wrong party, missing or bad justification, bad document hash. None changes the ledger.
        const releaseFirst = [shipment.shipmentId, open.excursionId, release];
        for (const caller of ['retailer', 'carrier'] as const) {
            await refuse(caller, 'excursion:release', releaseFirst, 'FORBIDDEN', /only a manufacturer may release the units a closed excursion holds/);
        }
        await refuse(
            'manufacturer2',
            'excursion:release',
            releaseFirst,
            'FORBIDDEN',
            /only the manufacturer \(shipper\) of the goods on the shipment \(ManufacturerMSP\) may release/,
        );
        await refuse('manufacturer', 'excursion:release', [shipment.shipmentId, open.excursionId, {}], 'INVALID_ARGUMENT', /justification/);
        await refuse(
            'manufacturer',
            'excursion:release',
            [shipment.shipmentId, open.excursionId, { ...release, documentSha256: 'not-a-hash' }],
            'INVALID_ARGUMENT',
            /documentSha256: must be a SHA-256 hex digest/,
        );
        await refuse('manufacturer', 'excursion:release', [shipment.shipmentId, 'NO-SUCH', release], 'NOT_FOUND', /excursion NO-SUCH of shipment/);

        const live: LedgerEvent[] = [];
        const subscription = await ctx.ledger.subscribe('auditor', (event) => live.push(event), await ctx.ledger.height());
        try {
            const released = await ctx.ledger.submit('manufacturer', 'excursion:release', releaseFirst);
            assert.equal(released.disposition.decision, 'released');
            const event = payloadOf(await nextEvent(live, (e) => e.eventName === 'ExcursionReleased' && e.txId === released.txId));
            assert.deepEqual([...event.parties].sort(), ['CarrierMSP', 'ManufacturerMSP', 'RetailerMSP']);
            assert.equal(event.justification, release.justification);
        } finally {
            subscription.close();
        }
        // One of two excursions released: the other still holds the units.
        await refuse('retailer', 'product:label', [serial], 'CONFLICT', new RegExp(`EXCURSION_HOLD: .*excursion ${excursionId} `));
        await ctx.ledger.submit('manufacturer', 'excursion:release', [shipment.shipmentId, excursionId, { justification: release.justification }]);
        await refuse('manufacturer', 'excursion:release', [shipment.shipmentId, excursionId, release], 'CONFLICT', /was released by ManufacturerMSP at .*; a disposition is final/);
        await refuse('manufacturer', 'excursion:reject', [shipment.shipmentId, excursionId, rejection], 'CONFLICT', /a disposition is final/);

        await ctx.ledger.submit('retailer', 'product:label', [serial]);
        assert.equal((await ctx.ledger.submit('retailer', 'product:sell', [serial])).state, 'sold');
        const trace = await ctx.ledger.evaluate('retailer', 'query:trace', [serial]);
        assert.deepEqual(trace.product.flags, { excursion: true, anomaly: false });
        const decided = trace.excursions.find((e: { excursionId: string }) => e.excursionId === open.excursionId);
        assert.equal(decided.disposition.decision, 'released');
        assert.equal(decided.disposition.org, 'ManufacturerMSP');
        assert.equal(decided.disposition.justification, release.justification);
        assert.equal(decided.disposition.documentSha256, release.documentSha256);
        assert.match(decided.disposition.txId, /^[0-9a-f]{64}$/);
        assert.ok(decided.disposition.user && !Number.isNaN(Date.parse(decided.disposition.at)));
    });

    it('rejects the units: they may not be sold, and their holder destroys or returns them', async () => {
        const shipment = await ctx.world.shipment(3, 'in_transit');
        const { excursionId } = await ctx.world.closedExcursion(shipment);
        await ctx.ledger.submit('carrier', 'shipment:deliver', [shipment.shipmentId]);
        await ctx.ledger.submit('retailer', 'shipment:receive', [shipment.shipmentId]);
        await refuse('manufacturer', 'excursion:reject', [shipment.shipmentId, excursionId, { justification: '' }], 'INVALID_ARGUMENT', /justification/);
        const rejected = await ctx.ledger.submit('manufacturer', 'excursion:reject', [shipment.shipmentId, excursionId, rejection]);
        assert.equal(rejected.disposition.decision, 'rejected');
        const [destroyed, returned, kept] = shipment.serials as [string, string, string];
        await ctx.ledger.submit('retailer', 'product:stock', [kept]);
        await refuse(
            'retailer',
            'product:label',
            [kept],
            'CONFLICT',
            new RegExp(`EXCURSION_REJECTED: product ${kept} was rejected by ManufacturerMSP after excursion ${excursionId}`),
        );
        assert.equal((await ctx.ledger.evaluate('retailer', 'product:get', [kept])).flags.excursionHold, 'rejected');

        assert.equal((await ctx.ledger.submit('retailer', 'product:destroy', [destroyed])).state, 'destroyed');
        const back = await ctx.ledger.submit('retailer', 'product:return', [returned]);
        assert.deepEqual([back.state, back.owner], ['returned', 'ManufacturerMSP']);
        const trace = await ctx.ledger.evaluate('retailer', 'query:trace', [destroyed]);
        assert.deepEqual(trace.timeline.at(-1).state, 'destroyed');
        assert.equal(trace.timeline.at(-1).org, 'RetailerMSP');
        assert.equal(trace.excursions[0].disposition.decision, 'rejected');
        assert.equal(trace.product.flags.recall, undefined, 'a rejection is no recall of the batch');
    });
});
