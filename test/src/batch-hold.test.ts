import assert from 'node:assert/strict';
import { assertRefused, ledgerSuite } from './harness/suite';

const complaint = { reason: 'customer reports a cloudy vial' };
const clearance = { reason: 'retained samples tested within specification' };

ledgerSuite('holds: an open anomaly stops shipping, labeling and selling its batch until the manufacturer clears it', (ctx) => {
    const refuse = (...args: Parameters<typeof assertRefused> extends [unknown, ...infer R] ? R : never) => assertRefused(ctx, ...args);

    it('refuses to label or sell a held product, names the anomaly, and allows both once cleared', async () => {
        const stocked = await ctx.world.atRetailer(2, 'stocked');
        const [first, second] = stocked.serials as [string, string];
        const anomaly = await ctx.ledger.submit('retailer', 'anomaly:report', [stocked.batchId, { ...complaint, serial: first }]);
        assert.equal(anomaly.state, 'open');
        const onHold = new RegExp(`batch ${stocked.batchId} is on hold: anomaly ${anomaly.anomalyId} .*is open; cannot label product ${first}`);
        await refuse('retailer', 'product:label', [first], 'CONFLICT', onHold);
        assert.deepEqual((await ctx.ledger.evaluate('retailer', 'product:get', [second])).flags, { excursion: false, anomaly: true });

        const cleared = await ctx.ledger.submit('manufacturer', 'anomaly:clear', [stocked.batchId, anomaly.anomalyId, clearance]);
        assert.equal(cleared.state, 'cleared');
        assert.equal(cleared.cleared.reason, clearance.reason);
        assert.equal(cleared.cleared.org, 'ManufacturerMSP');
        assert.match(cleared.cleared.txId, /^[0-9a-f]{64}$/);
        assert.ok(!Number.isNaN(Date.parse(cleared.cleared.at)));

        await ctx.ledger.submit('retailer', 'product:label', [first]);
        await ctx.ledger.submit('retailer', 'product:sell', [first]);
        const trace = await ctx.ledger.evaluate('retailer', 'query:trace', [first]);
        assert.equal(trace.product.flags.anomaly, false);
        assert.deepEqual(
            trace.anomalies.map((a: { state: string }) => a.state),
            ['cleared'],
        );
        assert.equal(trace.anomalies[0].cleared.user, cleared.cleared.user);
        assert.equal((await ctx.ledger.evaluate('retailer', 'query:publicProvenance', [first])).onHold, false);
    });

    it('refuses to sell a labeled product of a batch reported after labeling', async () => {
        const labeled = await ctx.world.atRetailer(1, 'labeled');
        const anomaly = await ctx.ledger.submit('manufacturer', 'anomaly:report', [labeled.batchId, complaint]);
        await refuse('retailer', 'product:sell', [labeled.serials[0]], 'CONFLICT', new RegExp(`anomaly ${anomaly.anomalyId} .*cannot sell product`));
        assert.equal((await ctx.ledger.evaluate('retailer', 'query:publicProvenance', [labeled.serials[0]])).onHold, true);
    });

    it('refuses to create a shipment of held serials, or to pick one up, until cleared', async () => {
        const packed = await ctx.world.packed(1);
        const orderId = await ctx.world.acceptedOrder(1);
        const anomaly = await ctx.ledger.submit('manufacturer', 'anomaly:report', [packed.batchId, complaint]);
        const shipmentInput = { orderId, handlingUnits: [packed.sscc], carrier: 'CarrierMSP' };
        await refuse('manufacturer', 'shipment:create', [shipmentInput], 'CONFLICT', new RegExp(`anomaly ${anomaly.anomalyId} .*cannot ship its serials`));
        await ctx.ledger.submit('manufacturer', 'anomaly:clear', [packed.batchId, anomaly.anomalyId, clearance]);
        await ctx.ledger.submit('manufacturer', 'shipment:create', [shipmentInput]);

        const created = await ctx.world.shipment(1, 'created');
        const second = await ctx.ledger.submit('manufacturer', 'anomaly:report', [created.batchId, complaint]);
        await refuse('carrier', 'shipment:pickup', [created.shipmentId], 'CONFLICT', new RegExp(`anomaly ${second.anomalyId} .*cannot ship product ${created.serials[0]}`));
        await ctx.ledger.submit('manufacturer', 'anomaly:clear', [created.batchId, second.anomalyId, clearance]);
        assert.equal((await ctx.ledger.submit('carrier', 'shipment:pickup', [created.shipmentId])).state, 'in_transit');
    });

    it('lets goods already on their way be delivered, received and stocked while held', async () => {
        const shipment = await ctx.world.shipment(1, 'in_transit');
        await ctx.ledger.submit('manufacturer', 'anomaly:report', [shipment.batchId, complaint]);
        await ctx.ledger.submit('carrier', 'shipment:deliver', [shipment.shipmentId]);
        await ctx.ledger.submit('retailer', 'shipment:receive', [shipment.shipmentId]);
        await ctx.ledger.submit('retailer', 'product:stock', [shipment.serials[0]]);
        await refuse('retailer', 'product:label', [shipment.serials[0]], 'CONFLICT', /is on hold/);
    });

    it('keeps the hold while any anomaly of the batch is open', async () => {
        const stocked = await ctx.world.atRetailer(1, 'stocked');
        const first = await ctx.ledger.submit('retailer', 'anomaly:report', [stocked.batchId, complaint]);
        const second = await ctx.ledger.submit('retailer', 'anomaly:report', [stocked.batchId, { reason: 'a second customer reports the same' }]);
        await ctx.ledger.submit('manufacturer', 'anomaly:clear', [stocked.batchId, first.anomalyId, clearance]);
        await refuse('retailer', 'product:label', [stocked.serials[0]], 'CONFLICT', new RegExp(`anomaly ${second.anomalyId}`));
        await ctx.ledger.submit('manufacturer', 'anomaly:clear', [stocked.batchId, second.anomalyId, clearance]);
        await ctx.ledger.submit('retailer', 'product:label', [stocked.serials[0]]);
    });

    it('lets only the batch’s manufacturer clear, only an undecided anomaly, and with a reason', async () => {
        const received = await ctx.world.atRetailer(1, 'received');
        const anomaly = await ctx.ledger.submit('retailer', 'anomaly:report', [received.batchId, complaint]);
        const args = [received.batchId, anomaly.anomalyId, clearance];
        for (const role of ['retailer', 'carrier', 'auditor'] as const) {
            await refuse(role, 'anomaly:clear', args, 'FORBIDDEN', /only a manufacturer may clear an anomaly of a batch/);
        }
        await refuse('manufacturer', 'anomaly:clear', [received.batchId, anomaly.anomalyId, {}], 'INVALID_ARGUMENT', /reason/);
        await refuse('manufacturer', 'anomaly:clear', [received.batchId, 'A-NO-SUCH', clearance], 'NOT_FOUND', /anomaly A-NO-SUCH of batch/);
        await refuse('manufacturer', 'anomaly:clear', ['NO-SUCH-BATCH', anomaly.anomalyId, clearance], 'NOT_FOUND', /batch NO-SUCH-BATCH/);
        await ctx.ledger.submit('manufacturer', 'anomaly:clear', args);
        await refuse('manufacturer', 'anomaly:clear', args, 'CONFLICT', /is cleared; only an anomaly that is open or investigating can be cleared/);
    });
});
