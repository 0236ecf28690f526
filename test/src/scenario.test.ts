import assert from 'node:assert/strict';
import { ledgerSuite } from './harness/suite';
import { GTIN } from './harness/supply-chain-world';

ledgerSuite('coldtrace scenario: batch to sale, excursion and complaint', (ctx) => {
    it('runs the whole chain and the trace shows every step', async () => {
        const { ledger } = ctx;
        const { batchId, serials } = await ledger.submit('manufacturer', 'batch:create', [
            ctx.world.batchInput({ quantity: 3, lot: 'LOT-7', productionDate: '2026-11-01', expiryDate: '2027-11-01' }),
        ]);
        assert.equal(serials.length, 3);
        const [serial] = serials;

        const { orderId } = await ledger.submit('retailer', 'order:place', [{ gtin: GTIN, quantity: 3, manufacturer: 'ManufacturerMSP' }], {
            terms: JSON.stringify({ unitPrice: '12.50', currency: 'EUR' }),
        });
        await ledger.submit('manufacturer', 'order:accept', [orderId]);
        for (const s of serials) {
            await ledger.submit('manufacturer', 'product:inspect', [s]);
        }
        const { sscc } = await ledger.submit('manufacturer', 'handlingUnit:pack', [{ serials }]);
        assert.match(sscc, /^\d{18}$/);
        const { shipmentId } = await ledger.submit('manufacturer', 'shipment:create', [{ orderId, handlingUnits: [sscc], carrier: 'CarrierMSP' }]);
        // The carrier cannot read batches, so the shipment carries the profile its detector watches.
        const created = await ledger.evaluate('carrier', 'shipment:get', [shipmentId]);
        assert.deepEqual(created.temperatureProfile, { minC: 2, maxC: 8, maxExcursionMinutes: 30 });
        await ledger.submit('carrier', 'shipment:pickup', [shipmentId]);
        await ledger.submit('carrier', 'shipment:attachSensor', [shipmentId, 'SENSOR-1']);

        const startAt = new Date().toISOString();
        const excursionId = `${shipmentId}-SENSOR-1-1`;
        const open = { excursionId, shipmentId, sensorId: 'SENSOR-1', kind: 'high', startAt, peakC: 10.2, durationMinutes: 31 };
        const opened = await ledger.submit('detector', 'telemetry:recordExcursion', [open]);
        assert.equal(opened.status, 'open');
        assert.deepEqual([...opened.affectedSerials].sort(), [...serials].sort());
        const endAt = new Date(Date.parse(startAt) + 45 * 60_000).toISOString();
        const closed = await ledger.submit('detector', 'telemetry:recordExcursion', [{ ...open, endAt, peakC: 12.9, durationMinutes: 45, meanKineticC: 10.4 }]);
        assert.equal(closed.status, 'closed');
        // The closed excursion holds the units until their manufacturer's quality unit releases them.
        await ledger.submit('manufacturer', 'excursion:release', [shipmentId, excursionId, { justification: 'stability data cover 45 minutes at 13 °C' }]);

        await ledger.submit('carrier', 'shipment:deliver', [shipmentId]);
        await ledger.submit('retailer', 'shipment:receive', [shipmentId]);
        for (const step of ['stock', 'label', 'sell']) {
            await ledger.submit('retailer', `product:${step}`, [serial]);
        }
        const anomaly = await ledger.submit('retailer', 'anomaly:report', [batchId, { reason: 'customer reports a cloudy vial', serial }]);

        const trace = await ledger.evaluate('retailer', 'query:trace', [serial]);
        assert.deepEqual(
            trace.timeline.map((step: { state: string }) => step.state),
            ['manufactured', 'inspected', 'packed', 'shipped', 'received', 'stocked', 'labeled', 'sold'],
        );
        for (const step of trace.timeline) {
            assert.match(step.txId, /^[0-9a-f]{64}$/);
            assert.ok(step.org.endsWith('MSP') && step.user && !Number.isNaN(Date.parse(step.at)));
        }
        assert.equal(trace.timeline[3].org, 'CarrierMSP');
        assert.equal(trace.timeline[7].org, 'RetailerMSP');
        assert.equal(trace.product.state, 'sold');
        assert.equal(trace.product.owner, 'RetailerMSP');
        assert.deepEqual(trace.product.flags, { excursion: true, anomaly: true });
        assert.equal(trace.batch.batchId, batchId);
        assert.equal(trace.batch.lot, 'LOT-7');
        assert.deepEqual(trace.batch.temperatureProfile, { minC: 2, maxC: 8, maxExcursionMinutes: 30 });
        assert.equal(trace.handlingUnit.sscc, sscc);
        assert.equal(trace.shipment.shipmentId, shipmentId);
        assert.equal(trace.shipment.state, 'received');
        assert.equal(trace.shipment.sensors[0].sensorId, 'SENSOR-1');
        assert.ok(trace.shipment.sensors[0].detachedAt, 'receiving detaches the sensor');
        assert.equal(trace.order.orderId, orderId);
        assert.equal(trace.order.state, 'delivered');
        assert.equal(trace.order.unitPrice, undefined, 'prices never appear in a trace');
        assert.equal(trace.excursions.length, 1);
        assert.equal(trace.excursions[0].peakC, 12.9);
        assert.equal(trace.anomalies[0].anomalyId, anomaly.anomalyId);

        // The same trace from an SGTIN-style Digital Link and by the auditor.
        const viaLink = await ledger.evaluate('auditor', 'query:trace', [`https://id.gs1.org/01/${GTIN}/21/${encodeURIComponent(serial)}`]);
        assert.deepEqual(viaLink, trace);

        // Every other serial of the batch is flagged too: the recall view.
        const sibling = await ledger.evaluate('retailer', 'product:get', [serials[1]]);
        assert.deepEqual(sibling.flags, { excursion: true, anomaly: true });
        const recall = await ledger.evaluate('retailer', 'batch:listSerials', [batchId, { pageSize: 10 }]);
        assert.deepEqual([...recall.items].sort(), [...serials].sort());

        // Consumers see provenance without organizations or prices.
        const publicView = await ledger.evaluate('retailer', 'query:publicProvenance', [serial]);
        assert.equal(publicView.coldChainHeld, false);
        assert.equal(publicView.onHold, true);
        assert.ok(!JSON.stringify(publicView).includes('MSP'));

        // Auditors read the full history of a record, oldest first.
        const history = await ledger.evaluate('auditor', 'query:history', ['product', serial]);
        assert.deepEqual(
            history.map((entry: { value: { state: string } }) => entry.value.state),
            ['manufactured', 'inspected', 'packed', 'shipped', 'received', 'stocked', 'labeled', 'sold'],
        );
        assert.deepEqual(
            history.map((entry: { org: string }) => entry.org),
            ['ManufacturerMSP', 'ManufacturerMSP', 'ManufacturerMSP', 'CarrierMSP', 'RetailerMSP', 'RetailerMSP', 'RetailerMSP', 'RetailerMSP'],
        );
        const excursionHistory = await ledger.evaluate('auditor', 'query:history', ['excursion', JSON.stringify([shipmentId, excursionId])]);
        assert.deepEqual(
            excursionHistory.map((e: { value: { status: string; disposition?: { decision: string } } }) => [e.value.status, e.value.disposition?.decision]),
            [
                ['open', undefined],
                ['closed', undefined],
                ['closed', 'released'],
            ],
        );
    });

    it('is idempotent for the detector: a retried excursion or digest writes nothing new', async () => {
        const shipment = await ctx.world.shipment(2, 'in_transit');
        const excursion = ctx.world.excursionInput(shipment, { endAt: new Date(Date.now() + 60_000).toISOString() });
        const first = await ctx.ledger.submit('detector', 'telemetry:recordExcursion', [excursion]);
        const again = await ctx.ledger.submit('detector', 'telemetry:recordExcursion', [excursion]);
        assert.deepEqual(again, first);
        const digest = ctx.world.digestInput(shipment);
        const anchored = await ctx.ledger.submit('detector', 'telemetry:anchorDigest', [digest]);
        assert.deepEqual(await ctx.ledger.submit('detector', 'telemetry:anchorDigest', [digest]), anchored);
        const digests = await ctx.ledger.evaluate('auditor', 'telemetry:listDigests', [shipment.shipmentId]);
        assert.equal(digests.length, 1);
        const excursions = await ctx.ledger.evaluate('carrier', 'telemetry:listExcursions', [shipment.shipmentId]);
        assert.equal(excursions.length, 1);
    });

    it('commissions large batches in chunks and lists them page by page', async () => {
        const { batchId } = await ctx.world.batch(2000);
        await ctx.ledger.submit('manufacturer', 'batch:commission', [batchId, { quantity: 500 }]);
        const batch = await ctx.ledger.evaluate('manufacturer', 'batch:get', [batchId]);
        assert.equal(batch.serialCount, 2500);
        let bookmark = '';
        let seen = 0;
        do {
            const page = await ctx.ledger.evaluate('manufacturer', 'batch:listSerials', [batchId, { pageSize: 1000, bookmark }]);
            seen += page.items.length;
            bookmark = page.bookmark;
        } while (bookmark);
        assert.equal(seen, 2500);
    });
});
