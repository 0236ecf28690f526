import assert from 'node:assert/strict';
import { toDigitalLink, toSgtinUrn } from '@coldtrace/chaincode/model';
import type { ApiHarness } from './harness/api-harness';
import { apiSuite, assertProblem } from './harness/api-suite';
import { GTIN, OTHER_GTIN } from './harness/supply-chain-world';
import { only } from './harness/elements';

/** A batch whose serials the retailer has received (and optionally stocked), made through the API alone. */
async function receivedBatch(api: ApiHarness, quantity: number, stock = false): Promise<{ batchId: string; serials: string[] }> {
    const m = api.as('manufacturer');
    const c = api.as('carrier');
    const r = api.as('retailer');
    const batch = await m.call('createBatch', { body: { gtin: GTIN, productName: 'Trust vaccine', quantity, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 } });
    const { orderId } = await r.call('placeOrder', { body: { gtin: GTIN, quantity, manufacturer: 'ManufacturerMSP' } });
    await m.call('acceptOrder', { params: { orderId } });
    for (const serial of batch.serials) {
        await m.call('inspectProduct', { params: { serial } });
    }
    const { sscc } = await m.call('packHandlingUnit', { body: { serials: batch.serials } });
    const { shipmentId } = await m.call('createShipment', { body: { orderId, handlingUnits: [sscc], carrier: 'CarrierMSP' } });
    for (const [client, step] of [
        [c, 'pickupShipment'],
        [c, 'deliverShipment'],
        [r, 'receiveShipment'],
    ] as const) {
        await client.call(step, { params: { shipmentId } });
    }
    if (stock) {
        for (const serial of batch.serials) {
            await r.call('stockProduct', { params: { serial } });
        }
    }
    return batch;
}

apiSuite('HTTP API: rights from the relationship, holds on the ledger, references checked whole', (ctx) => {
    const complaint = { reason: 'customer reports a cloudy vial' };

    it('answers 403 to a retailer that never held a serial of the batch, and 200/201 once it received one', async () => {
        const { api } = ctx;
        const r = api.as('retailer');
        const stranger = await api
            .as('manufacturer')
            .call('createBatch', { body: { gtin: GTIN, productName: 'Not yours', quantity: 1, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 } });
        const params = { batchId: stranger.batchId };
        await assertProblem(api, () => r.call('listBatchSerials', { params }), 403, 'FORBIDDEN', /not visible to RetailerMSP/);
        await assertProblem(api, () => r.call('getBatch', { params }), 403, 'FORBIDDEN', /not visible to RetailerMSP/);
        await assertProblem(api, () => r.call('reportAnomaly', { params, body: complaint }), 403, 'FORBIDDEN', /holds or held one of its serials may report/);
        assert.equal(
            (await api.anonymous().call('publicProvenance', { params: { ref: only(stranger.serials, 'units of the stranger batch') } })).onHold,
            false,
            'the refused report put no hold on the batch',
        );

        const held = await receivedBatch(api, 2);
        assert.deepEqual([...(await r.call('listBatchSerials', { params: { batchId: held.batchId } })).items].sort(), [...held.serials].sort());
        assert.equal((await r.call('reportAnomaly', { params: { batchId: held.batchId }, body: complaint })).state, 'open');
        await assertProblem(api, () => api.as('auditor').call('reportAnomaly', { params: { batchId: held.batchId }, body: complaint }), 403, 'FORBIDDEN');
    });

    it('answers 409 to labeling or selling a held product until the batch’s manufacturer clears the anomaly', async () => {
        const { api } = ctx;
        const r = api.as('retailer');
        const { batchId, serials } = await receivedBatch(api, 1, true);
        const serial = only(serials, 'received units');
        const anomaly = await r.call('reportAnomaly', { params: { batchId }, body: { ...complaint, serial } });
        assert.equal((await api.anonymous().call('publicProvenance', { params: { ref: serial } })).onHold, true);
        await assertProblem(api, () => r.call('labelProduct', { params: { serial } }), 409, 'CONFLICT', new RegExp(`anomaly ${anomaly.anomalyId} .*cannot label product`));

        const clearance = { reason: 'retained samples retested within specification' };
        const anomalyParams = { batchId, anomalyId: anomaly.anomalyId };
        await assertProblem(api, () => r.call('clearAnomaly', { params: anomalyParams, body: clearance }), 403, 'FORBIDDEN', /only a manufacturer may clear an anomaly of a batch/);
        await assertProblem(api, () => api.as('manufacturer').call('clearAnomaly', { params: anomalyParams, body: { reason: '' } }), 400, 'VALIDATION_FAILED');
        const cleared = await api.as('manufacturer').call('clearAnomaly', { params: anomalyParams, body: clearance });
        assert.equal(cleared.state, 'cleared');
        assert.equal(cleared.cleared?.reason, clearance.reason);
        assert.equal(cleared.cleared?.user, 'manufacturer');
        await assertProblem(
            api,
            () => api.as('manufacturer').call('clearAnomaly', { params: anomalyParams, body: clearance }),
            409,
            'CONFLICT',
            /only an anomaly that is open or investigating can be cleared/,
        );

        assert.equal((await r.call('labelProduct', { params: { serial } })).state, 'labeled');
        assert.equal((await r.call('sellProduct', { params: { serial } })).state, 'sold');
        const trace = await r.call('trace', { params: { ref: serial } });
        assert.deepEqual(
            trace.anomalies.map((a) => a.state),
            ['cleared'],
        );
        assert.equal(trace.product.flags.anomaly, false);
        assert.equal((await api.anonymous().call('publicProvenance', { params: { ref: serial } })).onHold, false);
    });

    it('answers 404 to a Digital Link or SGTIN that copies a genuine serial under another GTIN, as to an unknown serial', async () => {
        const { api } = ctx;
        const { serials } = await receivedBatch(api, 1);
        const serial = only(serials, 'received units');
        const unknown = `${serial}X`;
        const retailer = api.as('retailer');
        const references = [(gtin: string, s: string) => toDigitalLink(gtin, s), (gtin: string, s: string) => toSgtinUrn(gtin, s, 7)];
        for (const reference of references) {
            assert.equal((await retailer.call('trace', { params: { ref: reference(GTIN, serial) } })).product.serial, serial);
            assert.equal((await api.anonymous().call('publicProvenance', { params: { ref: reference(GTIN, serial) } })).serial, serial);
            const calls = {
                trace: (ref: string) => retailer.call('trace', { params: { ref } }),
                publicProvenance: (ref: string) => api.anonymous().call('publicProvenance', { params: { ref } }),
            };
            for (const [route, call] of Object.entries(calls)) {
                const forged = await assertProblem(api, () => call(reference(OTHER_GTIN, serial)), 404, 'NOT_FOUND');
                const missing = await assertProblem(api, () => call(reference(OTHER_GTIN, unknown)), 404, 'NOT_FOUND');
                assert.equal(forged.detail.replace(serial, '<serial>'), missing.detail.replace(unknown, '<serial>'), `${route}: a forged GTIN must read as an unknown serial`);
            }
        }
        // The Digital Link as raw path segments, as a phone's browser sends it.
        const raw = await fetch(`${api.url}/api/v1/public/provenance/${toDigitalLink(OTHER_GTIN, serial)}`);
        assert.equal(raw.status, 404);
        assert.equal((await fetch(`${api.url}/api/v1/public/provenance/${toDigitalLink(GTIN, serial)}`)).status, 200);
    });
});
