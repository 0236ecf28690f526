import assert from 'node:assert/strict';
import type { LedgerEvent } from '@coldtrace/ledger-client';
import { Limits, parseBulkRefusal, parseChaincodeError } from '@coldtrace/chaincode/model';
import { assertRefused, ledgerSuite } from './harness/suite';
import { atLeast, only } from './harness/elements';

/** The refusals a refused bulk step lists, by serial. */
function refusedSerials(message: string): Map<string, { code: string; reason: string }> {
    const details = parseBulkRefusal(parseChaincodeError(message)!.reason);
    assert.ok(details, `not a bulk refusal: ${message}`);
    return new Map(details.refusal.refused.map(({ serial, code, reason }) => [serial, { code, reason }]));
}

ledgerSuite('bulk steps: many serials or a handling unit in one transaction, all or nothing', (ctx) => {
    it('stocks and labels a received 1,000-unit handling unit in one transaction each, with one event each', async () => {
        const received = await ctx.world.shipment(1000, 'received');
        const events: LedgerEvent[] = [];
        const subscription = await ctx.ledger.subscribe('retailer', (event) => events.push(event), await ctx.ledger.height());
        try {
            const height = await ctx.ledger.height();
            const stocked = await ctx.ledger.submit('retailer', 'bulk:stock', [{ sscc: received.sscc }]);
            assert.deepEqual(stocked, { batchIds: [received.batchId], count: 1000, sscc: received.sscc, state: 'stocked', step: 'stock' });
            assert.equal(await ctx.ledger.height(), height + 1, 'one transaction, one block');

            const labeled = await ctx.ledger.submit('retailer', 'bulk:label', [{ serials: received.serials.slice(0, 400) }]);
            assert.equal(labeled.count, 400);
            for (const [serial, state] of [
                [received.serials[0], 'labeled'],
                [received.serials[399], 'labeled'],
                [received.serials[400], 'stocked'],
                [received.serials[999], 'stocked'],
            ]) {
                const product = await ctx.ledger.evaluate('retailer', 'product:get', [serial]);
                assert.equal(product.state, state, serial);
                assert.equal(product.timeline.at(-1).state, state, `${serial}'s timeline records the step`);
            }
            const deadline = Date.now() + 20_000;
            while (events.filter((event) => event.eventName === 'ProductsStateChanged').length < 2 && Date.now() < deadline) {
                await new Promise((resolve) => setTimeout(resolve, 20));
            }
            const payloads = events.filter((event) => event.eventName === 'ProductsStateChanged').map((event) => JSON.parse(Buffer.from(event.payload).toString()));
            assert.deepEqual(
                payloads.map(({ step, count, ids }) => ({ step, count, ids })),
                [
                    { step: 'stock', count: 1000, ids: { sscc: received.sscc } },
                    { step: 'label', count: 400, ids: {} },
                ],
            );
            assert.ok(!events.some((event) => event.eventName === 'ProductStateChanged'), 'no event per serial');
        } finally {
            subscription.close();
        }
    });

    it('refuses a bulk step if one serial is not the caller’s, in the wrong state or unknown: names each, writes nothing', async () => {
        const received = await ctx.world.shipment(4, 'received');
        const [ok, alreadyStocked] = atLeast(received.serials, 2, 'received units');
        await ctx.ledger.submit('retailer', 'product:stock', [alreadyStocked]);
        const notOwned = only((await ctx.world.batch(1)).serials, 'units of the other batch');
        const unknown = `${received.batchId}.99`;
        const refusal = await assertRefused(
            ctx,
            'retailer',
            'bulk:stock',
            [{ serials: [ok, alreadyStocked, notOwned, unknown, ...received.serials.slice(2)] }],
            'FORBIDDEN',
            /cannot stock 3 of 6 serials, so none was/,
        );
        const refused = refusedSerials(refusal.message);
        assert.deepEqual([...refused.keys()].sort(), [alreadyStocked, notOwned, unknown].sort());
        assert.equal(refused.get(notOwned)!.code, 'FORBIDDEN');
        assert.match(refused.get(notOwned)!.reason, /only the owner of the product \(ManufacturerMSP\) may stock product/);
        assert.equal(refused.get(alreadyStocked)!.code, 'CONFLICT');
        assert.match(refused.get(alreadyStocked)!.reason, /is stocked; it must be received before it can become stocked/);
        assert.deepEqual(refused.get(unknown), { code: 'NOT_FOUND', reason: `product ${unknown} does not exist` });
        assert.equal((await ctx.ledger.evaluate('retailer', 'product:get', [ok])).state, 'received', 'the serials that could be stocked were not');

        // Refused for one reason only, the step takes that reason's code.
        await assertRefused(ctx, 'retailer', 'bulk:label', [{ sscc: received.sscc }], 'CONFLICT', /cannot label 3 of 4 serials/);
    });

    it('refuses a bulk label of a held batch, serial by serial, as a single label would be', async () => {
        const stocked = await ctx.world.atRetailer(2, 'stocked');
        const { anomalyId } = await ctx.ledger.submit('retailer', 'anomaly:report', [stocked.batchId, { reason: 'customer complaint: vial discoloured' }]);
        const refusal = await assertRefused(ctx, 'retailer', 'bulk:label', [{ serials: stocked.serials }], 'CONFLICT', /on hold/);
        assert.equal(refusedSerials(refusal.message).size, 2);
        await ctx.ledger.submit('manufacturer', 'anomaly:clear', [stocked.batchId, anomalyId, { reason: 'retained samples tested clear' }]);
        assert.equal((await ctx.ledger.submit('retailer', 'bulk:label', [{ serials: stocked.serials }])).count, 2);
    });

    it('refuses what it cannot take: too many serials, a serial twice, serials and a unit, a unit the caller never saw', async () => {
        const received = await ctx.world.shipment(1, 'received');
        const tooMany = Array.from({ length: Limits.serialsPerBulkStep + 1 }, (_, i) => `${received.batchId}.${i + 1}`);
        await assertRefused(ctx, 'retailer', 'bulk:stock', [{ serials: tooMany }], 'INVALID_ARGUMENT', /at most 2000 serials in one bulk step/);
        await assertRefused(ctx, 'retailer', 'bulk:stock', [{ serials: [received.serials[0], received.serials[0]] }], 'INVALID_ARGUMENT', /listed twice/);
        await assertRefused(ctx, 'retailer', 'bulk:stock', [{ serials: received.serials, sscc: received.sscc }], 'INVALID_ARGUMENT', /either serials or sscc/);
        await assertRefused(ctx, 'retailer', 'bulk:stock', [{}], 'INVALID_ARGUMENT', /either serials or sscc/);
        const elsewhere = await ctx.world.packed(1);
        await assertRefused(ctx, 'retailer', 'bulk:stock', [{ sscc: elsewhere.sscc }], 'FORBIDDEN', /is not visible to RetailerMSP/);
    });
});
