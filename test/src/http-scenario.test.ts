import assert from 'node:assert/strict';
import { apiSuite, assertProblem } from './harness/api-suite';
import { GTIN } from './harness/supply-chain-world';
import { at, first } from './harness/elements';
import { attachedMs } from './harness/api-shipments';

apiSuite('HTTP API: the whole chain, batch to complaint, through the REST API alone', (ctx) => {
    let soldSerial = '';
    it('runs every step as the role that owns it and the trace shows it all', async () => {
        const { api } = ctx;
        const m = api.as('manufacturer');
        const c = api.as('carrier');
        const r = api.as('retailer');
        const a = api.as('auditor');

        const batch = await m.call('createBatch', {
            body: { gtin: GTIN, productName: 'Influenza vaccine', quantity: 3, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30, expiryDate: '2030-01-01' },
        });
        assert.equal(batch.serials.length, 3);
        const [serial] = batch.serials as [string, ...string[]];
        assert.equal((await m.call('getBatch', { params: { batchId: batch.batchId } })).serialCount, 3);

        const order = await r.call('placeOrder', { body: { gtin: GTIN, quantity: 3, manufacturer: 'ManufacturerMSP', unitPrice: '12.50', currency: 'EUR' } });
        assert.equal((await r.call('getOrder', { params: { orderId: order.orderId } })).state, 'placed');
        assert.equal((await m.call('acceptOrder', { params: { orderId: order.orderId } })).state, 'accepted');
        for (const s of batch.serials) {
            assert.equal((await m.call('inspectProduct', { params: { serial: s } })).state, 'inspected');
        }
        const unit = await m.call('packHandlingUnit', { body: { serials: batch.serials } });
        assert.match(unit.sscc, /^\d{18}$/);
        const shipment = await m.call('createShipment', { body: { orderId: order.orderId, handlingUnits: [unit.sscc], carrier: 'CarrierMSP' } });
        await c.call('attachSensor', { params: { shipmentId: shipment.shipmentId }, body: { sensorId: 'SENSOR-HTTP-1' } });
        assert.equal((await c.call('pickupShipment', { params: { shipmentId: shipment.shipmentId } })).state, 'in_transit');

        // What the detector of the sensors pipeline writes, with its own identity.
        const attached = await c.call('getShipment', { params: { shipmentId: shipment.shipmentId } });
        const startAt = new Date(attachedMs(attached) + 1000).toISOString();
        await api.running.context.ledger.submit(await api.detector(), 'telemetry:recordExcursion', [
            {
                excursionId: `${shipment.shipmentId}-X1`,
                shipmentId: shipment.shipmentId,
                sensorId: 'SENSOR-HTTP-1',
                kind: 'high',
                startAt,
                endAt: new Date(Date.parse(startAt) + 40 * 60_000).toISOString(),
                peakC: 11.2,
                durationMinutes: 40,
                meanKineticC: 9.1,
            },
        ]);
        assert.equal((await c.call('listExcursions', { params: { shipmentId: shipment.shipmentId } })).length, 1);
        // The closed excursion holds the units until the manufacturer releases them against its stability data.
        const released = await m.call('releaseExcursion', {
            params: { shipmentId: shipment.shipmentId, excursionId: `${shipment.shipmentId}-X1` },
            body: { justification: 'stability data cover 40 minutes at 12 °C', documentSha256: 'e'.repeat(64) },
        });
        assert.equal(released.disposition?.decision, 'released');

        await c.call('deliverShipment', { params: { shipmentId: shipment.shipmentId } });
        assert.equal((await r.call('receiveShipment', { params: { shipmentId: shipment.shipmentId } })).state, 'received');
        await r.call('stockProduct', { params: { serial } });
        await r.call('labelProduct', { params: { serial } });
        assert.equal((await r.call('sellProduct', { params: { serial } })).state, 'sold');
        soldSerial = serial;
        const anomaly = await r.call('reportAnomaly', { params: { batchId: batch.batchId }, body: { reason: 'customer reports a cloudy vial', serial } });
        assert.equal(anomaly.batchId, batch.batchId);

        const trace = await r.call('trace', { params: { ref: serial } });
        assert.deepEqual(
            trace.timeline.map((step) => step.state),
            ['manufactured', 'inspected', 'packed', 'shipped', 'received', 'stocked', 'labeled', 'sold'],
        );
        for (const step of trace.timeline) {
            assert.match(step.txId, /^[0-9a-f]{64}$/);
            assert.ok(step.org.endsWith('MSP') && step.user && !Number.isNaN(Date.parse(step.at)));
        }
        assert.equal(first(trace.timeline, 'timeline steps').user, 'manufacturer');
        assert.equal(at(trace.timeline, 7, 'timeline steps').user, 'retailer');
        assert.equal(trace.shipment?.shipmentId, shipment.shipmentId);
        assert.equal(trace.order?.orderId, order.orderId);
        assert.equal(trace.handlingUnit?.sscc, unit.sscc);
        assert.equal(trace.excursions.length, 1);
        assert.equal(trace.anomalies.length, 1);
        assert.deepEqual(trace.product.flags, { excursion: true, anomaly: true });
        assert.ok(!/"(unitPrice|currency)"/.test(JSON.stringify(trace)), 'the trace must not carry the price');

        // The same trace by SGTIN URN and by GS1 Digital Link, encoded and as raw path segments.
        const link = `https://id.gs1.org/01/${GTIN}/21/${serial}`;
        assert.equal((await r.call('trace', { params: { ref: link } })).product.serial, serial);
        const raw = await fetch(`${api.url}/api/v1/trace/${link}`, { headers: { authorization: `Bearer ${api.tokens.get('retailer')}` } });
        assert.equal(raw.status, 200);

        // Order terms: the two parties read the price; the carrier, party to the order by now, cannot.
        assert.deepEqual(await r.call('getOrderTerms', { params: { orderId: order.orderId } }), { currency: 'EUR', orderId: order.orderId, unitPrice: '12.50' });
        assert.equal((await m.call('getOrderTerms', { params: { orderId: order.orderId } })).unitPrice, '12.50');
        await assertProblem(api, () => c.call('getOrderTerms', { params: { orderId: order.orderId } }), 403, 'FORBIDDEN');

        // Auditors read every version of a record and check the chain.
        const history = await a.call('history', { params: { kind: 'product', id: serial } });
        assert.deepEqual(
            history.map((entry) => (entry.value as { state: string }).state),
            ['manufactured', 'inspected', 'packed', 'shipped', 'received', 'stocked', 'labeled', 'sold'],
        );
        assert.ok(history.every((entry) => entry.txId && entry.timestamp && entry.org));
        const excursionHistory = await a.call('history', { params: { kind: 'excursion', id: `${shipment.shipmentId}~${shipment.shipmentId}-X1` } });
        // Written by the detector, then by the manufacturer's release.
        assert.deepEqual(
            excursionHistory.map((entry) => entry.org),
            ['CarrierMSP', 'ManufacturerMSP'],
        );
        const verification = await a.call('verifyLedger');
        assert.equal(verification.ok, true, verification.reason);
        assert.ok(verification.checkedBlocks > 10);
        await assertProblem(api, () => r.call('history', { params: { kind: 'product', id: serial } }), 403, 'FORBIDDEN');
        await assertProblem(api, () => r.call('verifyLedger'), 403, 'FORBIDDEN');

        // The public page: no organization, user or price.
        const provenance = await api.anonymous().call('publicProvenance', { params: { ref: link } });
        assert.equal(provenance.serial, serial);
        assert.equal(provenance.coldChainHeld, false);
        assert.equal(provenance.onHold, true);
        const text = JSON.stringify(provenance);
        for (const secret of [/"(unitPrice|currency)"/, /EUR/, /MSP/, /retailer/, /manufacturer/]) {
            assert.doesNotMatch(text, secret, `the public page shows ${secret}`);
        }
    });

    it('commissions more serials than one transaction takes, in chunks, and pages through them', async () => {
        const { api } = ctx;
        const m = api.as('manufacturer');
        const batch = await m.call('createBatch', { body: { gtin: GTIN, productName: 'Vaccine bulk', quantity: 4500, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 } });
        assert.equal(batch.serials.length, 4500);
        assert.equal(new Set(batch.serials).size, 4500);
        const more = await m.call('commissionSerials', { params: { batchId: batch.batchId }, body: { quantity: 10 } });
        assert.equal(more.serials.length, 10);
        assert.equal((await m.call('getBatch', { params: { batchId: batch.batchId } })).serialCount, 4510);
        const first = await m.call('listBatchSerials', { params: { batchId: batch.batchId }, query: { pageSize: 1000 } });
        assert.equal(first.items.length, 1000);
        assert.ok(first.bookmark);
        const second = await m.call('listBatchSerials', { params: { batchId: batch.batchId }, query: { pageSize: 1000, bookmark: first.bookmark } });
        assert.equal(second.items.length, 1000);
        assert.notDeepEqual(second.items[0], first.items[0]);
    });

    it('lists what each organization is party to, by state', async () => {
        const { api } = ctx;
        const placed = await api.as('retailer').call('listOrders', { query: { state: 'delivered' } });
        assert.ok(placed.items.every((order) => order.state === 'delivered'));
        assert.ok(placed.items.length >= 1);
        const shipments = await api.as('carrier').call('listShipments', {});
        assert.ok(shipments.items.every((s) => s.carrier === 'CarrierMSP'));
        // On Fabric the network is shared by every suite: other suites' products may be sold too.
        const sold = await api.as('retailer').call('listProducts', { query: { state: 'sold', pageSize: 1000 } });
        assert.ok(sold.items.every((p) => p.state === 'sold' && p.owner === 'RetailerMSP'));
        assert.ok(
            sold.items.some((p) => p.serial === soldSerial),
            'the sold serial is missing from the retailer’s sold products',
        );
        assert.equal((await api.as('retailer').call('getProduct', { params: { serial: soldSerial } })).state, 'sold');
    });
});
