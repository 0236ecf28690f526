import assert from 'node:assert/strict';
import type { LedgerHarness, Role } from './harness/ledger-harness';
import { ROLES } from './harness/ledger-harness';
import { assertRefused, ledgerSuite } from './harness/suite';
import { GTIN, type SupplyChainWorld } from './harness/supply-chain-world';

/** A write function, who may call it, and how to prepare one fresh call of it per role. */
interface AccessCase {
    fn: string;
    allowed: readonly Role[];
    prepare(world: SupplyChainWorld, ledger: LedgerHarness): Promise<{ args: unknown[]; transient?: Record<string, string> }>;
}

const CARRIER_SIDE: readonly Role[] = ['carrier', 'detector'];

const CASES: AccessCase[] = [
    { fn: 'batch:create', allowed: ['manufacturer'], prepare: async (w) => ({ args: [w.batchInput({ quantity: 1 })] }) },
    { fn: 'batch:commission', allowed: ['manufacturer'], prepare: async (w) => ({ args: [(await w.batch(1)).batchId, { quantity: 1 }] }) },
    { fn: 'product:inspect', allowed: ['manufacturer'], prepare: async (w) => ({ args: [(await w.batch(1)).serials[0]] }) },
    {
        fn: 'order:place',
        allowed: ['retailer'],
        prepare: async () => ({ args: [{ gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' }], transient: { terms: '{"unitPrice":"1.00","currency":"EUR"}' } }),
    },
    {
        fn: 'order:accept',
        allowed: ['manufacturer'],
        prepare: async (_w, ledger) => ({ args: [(await ledger.submit('retailer', 'order:place', [{ gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' }])).orderId] }),
    },
    { fn: 'handlingUnit:pack', allowed: ['manufacturer'], prepare: async (w) => ({ args: [{ serials: (await w.inspected(1)).serials }] }) },
    {
        fn: 'shipment:create',
        allowed: ['manufacturer'],
        prepare: async (w) => {
            const packed = await w.packed(1);
            return { args: [{ orderId: await w.acceptedOrder(1), handlingUnits: [packed.sscc], carrier: 'CarrierMSP' }] };
        },
    },
    { fn: 'shipment:attachSensor', allowed: CARRIER_SIDE, prepare: async (w) => ({ args: [(await w.shipment(1)).shipmentId, `S-${Date.now()}-${Math.random()}`.slice(0, 40)] }) },
    { fn: 'shipment:pickup', allowed: CARRIER_SIDE, prepare: async (w) => ({ args: [(await w.shipment(1)).shipmentId] }) },
    {
        fn: 'shipment:detachSensor',
        allowed: CARRIER_SIDE,
        prepare: async (w) => {
            const s = await w.shipment(1, 'in_transit');
            return { args: [s.shipmentId, s.sensorId] };
        },
    },
    { fn: 'shipment:deliver', allowed: CARRIER_SIDE, prepare: async (w) => ({ args: [(await w.shipment(1, 'in_transit')).shipmentId] }) },
    { fn: 'shipment:receive', allowed: ['retailer'], prepare: async (w) => ({ args: [(await w.shipment(1, 'delivered')).shipmentId] }) },
    { fn: 'telemetry:recordExcursion', allowed: ['detector'], prepare: async (w) => ({ args: [w.excursionInput(await w.shipment(1, 'in_transit'))] }) },
    { fn: 'telemetry:anchorDigest', allowed: ['detector'], prepare: async (w) => ({ args: [w.digestInput(await w.shipment(1, 'in_transit'))] }) },
    { fn: 'product:stock', allowed: ['retailer'], prepare: async (w) => ({ args: [(await w.atRetailer(1, 'received')).serials[0]] }) },
    { fn: 'product:label', allowed: ['retailer'], prepare: async (w) => ({ args: [(await w.atRetailer(1, 'stocked')).serials[0]] }) },
    { fn: 'product:sell', allowed: ['retailer'], prepare: async (w) => ({ args: [(await w.atRetailer(1, 'labeled')).serials[0]] }) },
    {
        // Everyone who made, carried or received the batch's goods; the auditor reads it but never held any.
        fn: 'anomaly:report',
        allowed: ['manufacturer', 'carrier', 'retailer'],
        prepare: async (w) => {
            const s = await w.atRetailer(1, 'received');
            return { args: [s.batchId, { reason: 'customer complaint: vial discoloured', serial: s.serials[0] }] };
        },
    },
    {
        fn: 'anomaly:clear',
        allowed: ['manufacturer'],
        prepare: async (w, ledger) => {
            const s = await w.atRetailer(1, 'received');
            const { anomalyId } = await ledger.submit('retailer', 'anomaly:report', [s.batchId, { reason: 'customer complaint: vial discoloured' }]);
            return { args: [s.batchId, anomalyId, { reason: 'retained samples tested within specification' }] };
        },
    },
];

ledgerSuite('access matrix: every write function × every role', (ctx) => {
    for (const accessCase of CASES) {
        describe(accessCase.fn, () => {
            for (const role of ROLES) {
                const allowed = accessCase.allowed.includes(role);
                it(`${allowed ? 'allows' : 'refuses'} ${role}`, async () => {
                    const { args, transient } = await accessCase.prepare(ctx.world, ctx.ledger);
                    if (allowed) {
                        await ctx.ledger.submit(role, accessCase.fn, args, transient);
                    } else {
                        const refusal = await assertRefused(ctx, role, accessCase.fn, args, 'FORBIDDEN', undefined, transient);
                        assert.match(refusal.message, /may|needs a certificate/);
                    }
                });
            }
        });
    }

    describe('rights from the relationship to the batch', () => {
        const complaint = { reason: 'customer complaint: vial discoloured' };

        it('refuses a retailer that never held a serial of the batch: no anomaly, no serials, no batch', async () => {
            const stranger = await ctx.world.shipment(1, 'in_transit');
            const refusal = await assertRefused(ctx, 'retailer', 'anomaly:report', [stranger.batchId, complaint], 'FORBIDDEN', /holds or held one of its serials may report/);
            assert.match(refusal.message, /RetailerMSP never did/);
            for (const [fn, args] of [['batch:listSerials', [stranger.batchId, {}]], ['batch:get', [stranger.batchId]]] as const) {
                await assert.rejects(ctx.ledger.evaluate('retailer', fn, [...args]), /FORBIDDEN: batch .* is not visible to RetailerMSP/);
            }
            const product = await ctx.ledger.evaluate('auditor', 'product:get', [stranger.serials[0]]);
            assert.equal(product.flags.anomaly, false, 'the refused report left no anomaly behind');
        });

        it('lets a retailer that received serials of the batch list them, read it and report on it', async () => {
            const received = await ctx.world.atRetailer(2, 'received');
            const serials = await ctx.ledger.evaluate('retailer', 'batch:listSerials', [received.batchId, {}]);
            assert.deepEqual([...serials.items].sort(), [...received.serials].sort());
            assert.equal((await ctx.ledger.evaluate('retailer', 'batch:get', [received.batchId])).batchId, received.batchId);
            const anomaly = await ctx.ledger.submit('retailer', 'anomaly:report', [received.batchId, complaint]);
            assert.equal(anomaly.reporter, 'RetailerMSP');
        });

        it('lets the manufacturer and the auditor read, and a carrier only once it carried the batch', async () => {
            const shipment = await ctx.world.shipment(1, 'created');
            for (const role of ['manufacturer', 'auditor'] as const) {
                assert.deepEqual((await ctx.ledger.evaluate(role, 'batch:listSerials', [shipment.batchId, {}])).items, shipment.serials);
            }
            await assert.rejects(ctx.ledger.evaluate('carrier', 'batch:listSerials', [shipment.batchId, {}]), /FORBIDDEN/);
            await ctx.ledger.submit('carrier', 'shipment:pickup', [shipment.shipmentId]);
            assert.deepEqual((await ctx.ledger.evaluate('carrier', 'batch:listSerials', [shipment.batchId, {}])).items, shipment.serials);
            await assertRefused(ctx, 'auditor', 'anomaly:report', [shipment.batchId, complaint], 'FORBIDDEN', /only a manufacturer, carrier or retailer may report an anomaly/);
        });

        it('refuses a complaint naming a serial the caller was never party to', async () => {
            const batch = await ctx.world.batch(1);
            await assertRefused(ctx, 'retailer', 'anomaly:report', [batch.batchId, { ...complaint, serial: batch.serials[0] }], 'FORBIDDEN');
            const other = await ctx.world.atRetailer(1, 'received');
            await assertRefused(ctx, 'retailer', 'anomaly:report', [other.batchId, { ...complaint, serial: batch.serials[0] }], 'INVALID_ARGUMENT', /belongs to batch/);
        });
    });

    it('auditors read every record but parties only their own', async () => {
        const shipment = await ctx.world.shipment(1, 'in_transit');
        for (const role of ['manufacturer', 'carrier', 'retailer', 'auditor'] as const) {
            const trace = await ctx.ledger.evaluate(role, 'query:trace', [shipment.serials[0]]);
            assert.equal(trace.product.serial, shipment.serials[0]);
        }
        const stranger = await ctx.world.batch(1);
        for (const role of ['carrier', 'retailer'] as const) {
            await assert.rejects(ctx.ledger.evaluate(role, 'query:trace', [stranger.serials[0]]), /FORBIDDEN/);
            await assert.rejects(ctx.ledger.evaluate(role, 'batch:get', [stranger.batchId]), /FORBIDDEN/);
        }
        await assert.rejects(ctx.ledger.evaluate('manufacturer', 'query:history', ['product', stranger.serials[0]]), /FORBIDDEN: only an auditor may read the key history/);
        const carrierList = await ctx.ledger.evaluate('carrier', 'shipment:list', [{ state: 'in_transit' }]);
        assert.ok(carrierList.items.some((s: { shipmentId: string }) => s.shipmentId === shipment.shipmentId));
        const byParty = await ctx.ledger.evaluate('auditor', 'shipment:list', [{ party: 'CarrierMSP', state: 'in_transit' }]);
        assert.ok(byParty.items.some((s: { shipmentId: string }) => s.shipmentId === shipment.shipmentId));
        await assert.rejects(ctx.ledger.evaluate('retailer', 'shipment:list', [{ party: 'CarrierMSP' }]), /FORBIDDEN: only an auditor may list/);
        const retailerProducts = await ctx.ledger.evaluate('retailer', 'product:list', [{}]);
        assert.ok(!retailerProducts.items.some((p: { serial: string }) => p.serial === stranger.serials[0]));
    });
});
