import assert from 'node:assert/strict';
import { parseBulkRefusal, parseChaincodeError } from '@coldtrace/chaincode/model';
import { listedAmong, listedProducts } from './harness/product-listing';
import { assertRefused, ledgerSuite } from './harness/suite';

interface HistoryEntry {
    txId: string;
    value?: { state: string };
}

ledgerSuite('unit steps: a bulk step over a received handling unit is written once on the unit, and every reader sees each serial in it', (ctx) => {
    it('stocks, labels and sells a received unit: each serial reads in its state with the step in its timeline, history and trace, and lists move it', async () => {
        const received = await ctx.world.shipment(5, 'received');
        const serials = received.serials;
        for (const step of ['stock', 'label', 'sell'] as const) {
            const result = await ctx.ledger.submit('retailer', `bulk:${step}`, [{ sscc: received.sscc }]);
            assert.deepEqual({ count: result.count, batchIds: result.batchIds }, { count: 5, batchIds: [received.batchId] });
            const state = result.state as string;
            const txIds = new Set<string>();
            for (const serial of serials) {
                const product = await ctx.ledger.evaluate('retailer', 'product:get', [serial]);
                assert.equal(product.state, state, serial);
                assert.equal(product.timeline.at(-1).state, state);
                assert.equal(product.txId, product.timeline.at(-1).txId, 'the stamp is the step’s');
                txIds.add(product.timeline.at(-1).txId);
                assert.equal((await ctx.ledger.evaluate('retailer', 'query:trace', [serial])).product.state, state);
                const history = await ctx.ledger.evaluate<HistoryEntry[]>('auditor', 'query:history', ['product', serial]);
                assert.deepEqual(
                    history.slice(-2).map((entry) => entry.value?.state),
                    [{ stock: 'received', label: 'stocked', sell: 'labeled' }[step], state],
                    'the step is a version of the product',
                );
                assert.equal(history.at(-1)!.txId, product.txId);
            }
            assert.equal(txIds.size, 1, 'one transaction for the unit');
            const previous = { stock: 'received', label: 'stocked', sell: 'labeled' }[step];
            assert.deepEqual(listedAmong(await listedProducts(ctx.ledger, 'retailer', { state, pageSize: 2 }, serials), serials), [...serials].sort());
            assert.deepEqual(listedAmong(await listedProducts(ctx.ledger, 'retailer', { state: previous, pageSize: 1000 }), serials), [], `none listed ${previous} any more`);
            assert.deepEqual(listedAmong(await listedProducts(ctx.ledger, 'auditor', { pageSize: 3 }, serials), serials), [...serials].sort(), 'each once in all states');
        }
    });

    it('a serial stepped on its own leaves its unit: the next step over the unit goes serial by serial, names it, and writes nothing', async () => {
        const received = await ctx.world.shipment(4, 'received');
        const [labeledAlone, ...others] = received.serials as [string, ...string[]];
        await ctx.ledger.submit('retailer', 'bulk:stock', [{ sscc: received.sscc }]);
        await ctx.ledger.submit('retailer', 'product:label', [labeledAlone]);
        const refusal = await assertRefused(ctx, 'retailer', 'bulk:label', [{ sscc: received.sscc }], 'CONFLICT', /cannot label 1 of 4 serials, so none was/);
        assert.deepEqual(
            parseBulkRefusal(parseChaincodeError(refusal.message)!.reason)!.refusal.refused.map(({ serial }) => serial),
            [labeledAlone],
        );
        for (const serial of others) {
            assert.equal((await ctx.ledger.evaluate('retailer', 'product:get', [serial])).state, 'stocked', serial);
        }
        assert.equal((await ctx.ledger.submit('retailer', 'bulk:label', [{ serials: others }])).count, 3);
        const labeled = await listedProducts(ctx.ledger, 'retailer', { state: 'labeled', pageSize: 1 }, received.serials);
        assert.deepEqual(listedAmong(labeled, received.serials), [...received.serials].sort());
        assert.deepEqual(listedAmong(await listedProducts(ctx.ledger, 'retailer', { state: 'stocked', pageSize: 1000 }), received.serials), []);
        const history = await ctx.ledger.evaluate<HistoryEntry[]>('auditor', 'query:history', ['product', labeledAlone]);
        assert.deepEqual(history.map((entry) => entry.value?.state).slice(-3), ['received', 'stocked', 'labeled'], 'the carried step stays in the history of a serial that left');
    });

    it('holds stop a step over the unit as they stop each serial, named one by one; released, the unit takes it', async () => {
        const stocked = await ctx.world.shipment(3, 'received');
        await ctx.ledger.submit('retailer', 'bulk:stock', [{ sscc: stocked.sscc }]);
        const { anomalyId } = await ctx.ledger.submit('retailer', 'anomaly:report', [stocked.batchId, { reason: 'customer complaint: vial discoloured' }]);
        const refusal = await assertRefused(ctx, 'retailer', 'bulk:label', [{ sscc: stocked.sscc }], 'CONFLICT', /on hold/);
        assert.equal(parseBulkRefusal(parseChaincodeError(refusal.message)!.reason)!.refusal.refused.length, 3);
        assert.equal((await ctx.ledger.evaluate('retailer', 'product:get', [stocked.serials[0]])).state, 'stocked');
        await ctx.ledger.submit('manufacturer', 'anomaly:clear', [stocked.batchId, anomalyId, { reason: 'retained samples tested clear' }]);
        assert.equal((await ctx.ledger.submit('retailer', 'bulk:label', [{ sscc: stocked.sscc }])).count, 3);
        assert.equal((await ctx.ledger.evaluate('retailer', 'product:get', [stocked.serials[2]])).state, 'labeled');
    });
});
