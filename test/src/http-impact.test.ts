import assert from 'node:assert/strict';
import { API_BASE, type ApiProblemError, type BatchImpact } from '@coldtrace/api/contract';
import { Limits } from '@coldtrace/chaincode/model';
import type { ApiHarness } from './harness/api-harness';
import { apiSuite, assertProblem } from './harness/api-suite';
import { GTIN, uniqueId } from './harness/supply-chain-world';
import { at, first } from './harness/elements';

/** The CSV of a batch's impact as a role downloads it, with the headers it came with. */
async function downloadCsv(
    api: ApiHarness,
    role: 'manufacturer' | 'retailer',
    batchId: string,
    search: string,
    accept = 'text/csv',
): Promise<{ type: string; disposition: string; lines: string[] }> {
    const response = await fetch(`${api.url}${API_BASE}/batches/${batchId}/impact${search}`, { headers: { authorization: `Bearer ${api.tokens.get(role)}`, accept } });
    assert.equal(response.status, 200, await response.clone().text());
    const lines = (await response.text()).split('\r\n');
    assert.equal(lines.pop(), '', 'every line ends with CRLF');
    return { type: response.headers.get('content-type') ?? '', disposition: response.headers.get('content-disposition') ?? '', lines };
}

apiSuite('HTTP API: bulk steps and a batch’s impact', (ctx) => {
    /** A batch of 30: 20 went to the retailer in one unit (stocked in bulk, 10 labeled, 5 of those sold), 10 are packed at the manufacturer. */
    let batchId = '';
    let shipmentId = '';
    let received: string[] = [];

    before(async () => {
        const { api } = ctx;
        const [m, c, r] = [api.as('manufacturer'), api.as('carrier'), api.as('retailer')];
        const batch = await m.call('createBatch', { body: { gtin: GTIN, productName: 'Influenza vaccine', quantity: 30, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 } });
        batchId = batch.batchId;
        assert.deepEqual(await m.call('bulkInspect', { body: { serials: batch.serials } }), { batchIds: [batchId], count: 30, state: 'inspected', step: 'inspect' });
        received = batch.serials.slice(0, 20);
        const unit = await m.call('packHandlingUnit', { body: { serials: received } });
        await m.call('packHandlingUnit', { body: { serials: batch.serials.slice(20) } });
        const order = await r.call('placeOrder', { body: { gtin: GTIN, quantity: 20, manufacturer: 'ManufacturerMSP' } });
        await m.call('acceptOrder', { params: { orderId: order.orderId } });
        ({ shipmentId } = await m.call('createShipment', { body: { orderId: order.orderId, handlingUnits: [unit.sscc], carrier: 'CarrierMSP' } }));
        const sensorId = uniqueId('IMPACT-');
        await c.call('attachSensor', { params: { shipmentId }, body: { sensorId } });
        await c.call('pickupShipment', { params: { shipmentId } });
        // Where the sensor last reported: the telemetry store's newest reading of the shipment.
        const at = (minutes: number) => new Date(Date.UTC(2026, 0, 5, 8, minutes)).toISOString();
        await api.running.context.telemetry!.store.insert(
            [0, 1, 2].map((seq) => ({ sensorId, seq, ts: at(seq * 10), tempC: 4, lat: 50 + seq, lon: 8 + seq, shipmentId, receivedAt: at(seq * 10) })),
        );
        await c.call('deliverShipment', { params: { shipmentId } });
        await r.call('receiveShipment', { params: { shipmentId } });
        const height = await api.height();
        assert.equal((await r.call('bulkStock', { body: { sscc: unit.sscc } })).count, 20);
        assert.equal(await api.height(), height + 1, 'the whole unit in one transaction');
        await r.call('bulkLabel', { body: { serials: received.slice(0, 10) } });
        await r.call('bulkSell', { body: { serials: received.slice(0, 5) } });
    });

    it('refuses a bulk step with the refused serials and why, over 2,000 serials with 400, and writes nothing', async () => {
        const { api } = ctx;
        const problem: ApiProblemError = await assertProblem(
            api,
            () => api.as('retailer').call('bulkLabel', { body: { serials: received.slice(8, 12) } }),
            409,
            'CONFLICT',
            /cannot label 2 of 4 serials, so none was/,
        );
        assert.deepEqual(
            problem.problem.refused?.map((refusal) => [refusal.serial, refusal.code]),
            [
                [received[8], 'CONFLICT'],
                [received[9], 'CONFLICT'],
            ],
        );
        assert.match(first(problem.problem.refused, 'refused serials').reason, /is labeled; it must be stocked before it can become labeled/);
        assert.deepEqual([problem.problem.unlisted, problem.problem.counts], [0, { CONFLICT: 2 }]);
        assert.equal((await api.as('retailer').call('getProduct', { params: { serial: at(received, 10, 'received units') } })).state, 'stocked', 'nothing was labeled');
        const tooMany = Array.from({ length: Limits.serialsPerBulkStep + 1 }, (_, i) => `${batchId}.${i + 1}`);
        await assertProblem(api, () => api.as('retailer').call('bulkStock', { body: { serials: tooMany } }), 400, 'VALIDATION_FAILED', /at most 2000 serials in one bulk step/);
        await assertProblem(api, () => api.as('manufacturer').call('bulkStock', { body: { serials: received } }), 403, 'FORBIDDEN', /only a retailer may stock a product/);
    });

    it('shows the manufacturer every unit, with totals per state and organization, last shipment and its last position', async () => {
        const impact: BatchImpact = await ctx.api.as('manufacturer').call('batchImpact', { params: { batchId } });
        assert.equal(impact.batch.batchId, batchId);
        assert.deepEqual(impact.totals, {
            units: 30,
            sold: 5,
            held: 0,
            excursion: 0,
            byState: { packed: 10, stocked: 10, labeled: 5, sold: 5 },
            byCustodian: { ManufacturerMSP: { units: 10, byState: { packed: 10 } }, RetailerMSP: { units: 20, byState: { stocked: 10, labeled: 5, sold: 5 } } },
            byOwner: { ManufacturerMSP: 10, RetailerMSP: 20 },
        });
        assert.equal(impact.matching, 30);
        assert.equal(impact.units.length, 30);
        const shipped = impact.units.find((unit) => unit.serial === received[0])!;
        assert.deepEqual(
            [shipped.state, shipped.owner, shipped.custodian, shipped.lastShipmentId, shipped.sold, shipped.hold],
            ['sold', 'RetailerMSP', 'RetailerMSP', shipmentId, true, 'none'],
        );
        assert.deepEqual([shipped.lastPosition?.lat, shipped.lastPosition?.lon, shipped.lastPosition?.at], [52, 10, new Date(Date.UTC(2026, 0, 5, 8, 20)).toISOString()]);
        const atHome = impact.units.find((unit) => unit.state === 'packed')!;
        assert.equal(atHome.lastShipmentId, undefined);
        assert.equal(atHome.lastPosition, undefined);
    });

    it('filters and slices the units, the totals still counting them all', async () => {
        const m = ctx.api.as('manufacturer');
        const sold = await m.call('batchImpact', { params: { batchId }, query: { sold: 'true' } });
        assert.deepEqual([sold.matching, sold.units.length, sold.totals.units], [5, 5, 30]);
        assert.ok(sold.units.every((unit) => unit.sold));
        const stockedAtRetailer = await m.call('batchImpact', { params: { batchId }, query: { custodian: 'RetailerMSP', state: 'stocked' } });
        assert.equal(stockedAtRetailer.matching, 10);
        const slice = await m.call('batchImpact', { params: { batchId }, query: { offset: 25, limit: 10 } });
        assert.deepEqual([slice.matching, slice.units.length, slice.offset, slice.limit], [30, 5, 25, 10]);
        await assertProblem(ctx.api, () => m.call('batchImpact', { params: { batchId }, query: { state: 'lost' as 'sold' } }), 400, 'VALIDATION_FAILED', /query.state/);
    });

    it('shows a retailer the units it holds or held, the auditor all, and an unrelated retailer nothing (403)', async () => {
        const { api } = ctx;
        const retailer = await api.as('retailer').call('batchImpact', { params: { batchId } });
        assert.deepEqual([retailer.totals.units, retailer.units.every((unit) => received.includes(unit.serial))], [20, true]);
        assert.equal((await api.as('auditor').call('batchImpact', { params: { batchId } })).totals.units, 30);
        const elsewhere = await api
            .as('manufacturer')
            .call('createBatch', { body: { gtin: GTIN, productName: 'Influenza vaccine', quantity: 2, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 } });
        await assertProblem(api, () => api.as('retailer').call('batchImpact', { params: { batchId: elsewhere.batchId } }), 403, 'FORBIDDEN', /not visible to RetailerMSP/);
        await assertProblem(api, () => api.as('carrier').call('batchImpact', { params: { batchId: elsewhere.batchId } }), 403, 'FORBIDDEN');
    });

    it('downloads the impact as CSV: a header, one line per matching unit, as an attachment', async () => {
        const all = await downloadCsv(ctx.api, 'manufacturer', batchId, '');
        assert.match(all.type, /^text\/csv/);
        assert.match(all.disposition, new RegExp(`^attachment; filename="?impact-${batchId}\\.csv"?$`));
        assert.equal(all.lines[0], 'serial,state,owner,custodian,handling_unit,last_shipment,last_lat,last_lon,last_position_at,sold,hold,excursion,updated_at');
        assert.equal(all.lines.length, 31);
        const line = all.lines.find((l) => l.startsWith(`${received[0]},`))!.split(',');
        assert.deepEqual([line[1], line[2], line[5], line[6], line[7], line[9], line[10]], ['sold', 'RetailerMSP', shipmentId, '52', '10', 'true', 'none']);
        const sold = await downloadCsv(ctx.api, 'retailer', batchId, '?format=csv&sold=true', 'application/json');
        assert.equal(sold.lines.length, 6);
    });

    it('reads a 10,000-serial batch a page at a time: totals count every unit, JSON lists a slice, CSV all of them', async () => {
        const m = ctx.api.as('manufacturer');
        const large = await m.call('createBatch', { body: { gtin: GTIN, productName: 'Influenza vaccine', quantity: 10_000, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 } });
        const impact = await m.call('batchImpact', { params: { batchId: large.batchId } });
        assert.deepEqual([impact.totals.units, impact.totals.byState, impact.matching, impact.units.length], [10_000, { manufactured: 10_000 }, 10_000, 1000]);
        const csv = await downloadCsv(ctx.api, 'manufacturer', large.batchId, '?format=csv');
        assert.equal(csv.lines.length, 10_001);
        assert.equal(new Set(csv.lines.slice(1).map((line) => line.split(',')[0])).size, 10_000);
    });

    it('shows every unit held once an anomaly holds the batch', async () => {
        await ctx.api.as('retailer').call('reportAnomaly', { params: { batchId }, body: { reason: 'customer reports a cloudy vial' } });
        const impact = await ctx.api.as('manufacturer').call('batchImpact', { params: { batchId }, query: { hold: 'held' } });
        assert.deepEqual([impact.totals.held, impact.matching, impact.anomalies.length], [30, 30, 1]);
    });
});
