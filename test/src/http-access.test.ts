import { type RouteInput, type RouteName, type Routes, USER_ROLES, type UserRole } from '@coldtrace/api/contract';
import type { ApiHarness } from './harness/api-harness';
import { apiSuite, assertProblem } from './harness/api-suite';
import { GTIN } from './harness/supply-chain-world';

/** Records at the step where each write can happen, made through the API by the roles that own them. */
async function world(api: ApiHarness) {
    const m = api.as('manufacturer');
    const batch = await m.call('createBatch', { body: { gtin: GTIN, productName: 'Access vaccine', quantity: 4, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 } });
    const [inspected, packedSerial, loose, spare] = batch.serials as [string, string, string, string];
    for (const serial of [inspected, packedSerial, loose]) {
        await m.call('inspectProduct', { params: { serial } });
    }
    const { orderId } = await api.as('retailer').call('placeOrder', { body: { gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' } });
    const { orderId: acceptedOrder } = await api.as('retailer').call('placeOrder', { body: { gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' } });
    await m.call('acceptOrder', { params: { orderId: acceptedOrder } });
    const { sscc } = await m.call('packHandlingUnit', { body: { serials: [packedSerial] } });
    const { shipmentId } = await m.call('createShipment', { body: { orderId: acceptedOrder, handlingUnits: [sscc], carrier: 'CarrierMSP' } });
    await api.as('carrier').call('attachSensor', { params: { shipmentId }, body: { sensorId: 'ACCESS-S1' } });
    // A batch of its own for the anomaly, so its hold stops none of the steps above.
    const held = await m.call('createBatch', { body: { gtin: GTIN, productName: 'Held vaccine', quantity: 1, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 } });
    const { anomalyId } = await m.call('reportAnomaly', { params: { batchId: held.batchId }, body: { reason: 'retained sample failed inspection' } });
    return { batchId: batch.batchId, inspected, loose, spare, orderId, shipmentId, sold: packedSerial, held: { batchId: held.batchId, anomalyId } };
}

type Case = { [N in RouteName]: { route: N; allowed: readonly UserRole[]; input: (w: Awaited<ReturnType<typeof world>>) => RouteInput<Routes[N]> } }[RouteName];

/** Every write route with the one role the chaincode lets take it. */
const CASES: Case[] = [
    { route: 'createBatch', allowed: ['manufacturer'], input: () => ({ body: { gtin: GTIN, productName: 'x', quantity: 1, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 } }) },
    { route: 'commissionSerials', allowed: ['manufacturer'], input: (w) => ({ params: { batchId: w.batchId }, body: { quantity: 1 } }) },
    { route: 'inspectProduct', allowed: ['manufacturer'], input: (w) => ({ params: { serial: w.spare } }) },
    { route: 'placeOrder', allowed: ['retailer'], input: () => ({ body: { gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' } }) },
    { route: 'acceptOrder', allowed: ['manufacturer'], input: (w) => ({ params: { orderId: w.orderId } }) },
    { route: 'packHandlingUnit', allowed: ['manufacturer'], input: (w) => ({ body: { serials: [w.inspected] } }) },
    { route: 'createShipment', allowed: ['manufacturer'], input: (w) => ({ body: { orderId: w.orderId, handlingUnits: ['000950600000000015'], carrier: 'CarrierMSP' } }) },
    { route: 'attachSensor', allowed: ['carrier'], input: (w) => ({ params: { shipmentId: w.shipmentId }, body: { sensorId: 'ACCESS-S2' } }) },
    { route: 'detachSensor', allowed: ['carrier'], input: (w) => ({ params: { shipmentId: w.shipmentId, sensorId: 'ACCESS-S1' } }) },
    { route: 'pickupShipment', allowed: ['carrier'], input: (w) => ({ params: { shipmentId: w.shipmentId } }) },
    { route: 'deliverShipment', allowed: ['carrier'], input: (w) => ({ params: { shipmentId: w.shipmentId } }) },
    { route: 'receiveShipment', allowed: ['retailer'], input: (w) => ({ params: { shipmentId: w.shipmentId } }) },
    { route: 'stockProduct', allowed: ['retailer'], input: (w) => ({ params: { serial: w.sold } }) },
    { route: 'labelProduct', allowed: ['retailer'], input: (w) => ({ params: { serial: w.sold } }) },
    { route: 'sellProduct', allowed: ['retailer'], input: (w) => ({ params: { serial: w.sold } }) },
    // The batch's manufacturer and whoever holds or held one of its serials; the auditor never does.
    { route: 'reportAnomaly', allowed: ['manufacturer', 'carrier', 'retailer'], input: (w) => ({ params: { batchId: w.batchId }, body: { reason: 'complaint about the vial' } }) },
    { route: 'clearAnomaly', allowed: ['manufacturer'], input: (w) => ({ params: w.held, body: { reason: 'retained samples retested within specification' } }) },
    { route: 'investigateAnomaly', allowed: ['manufacturer'], input: (w) => ({ params: w.held, body: { note: 'samples sent to the laboratory' } }) },
    { route: 'recallBatch', allowed: ['manufacturer'], input: (w) => ({ params: w.held, body: { recallClass: 'II', instructions: 'return every unit' } }) },
    // Refused by role before the product is looked at: whoever holds a recalled unit returns or destroys it.
    { route: 'returnProduct', allowed: ['carrier', 'retailer'], input: (w) => ({ params: { serial: w.spare } }) },
    { route: 'destroyProduct', allowed: ['manufacturer', 'carrier', 'retailer'], input: (w) => ({ params: { serial: w.spare } }) },
    {
        route: 'releaseExcursion',
        allowed: ['manufacturer'],
        input: (w) => ({ params: { shipmentId: w.shipmentId, excursionId: 'EXC-1' }, body: { justification: 'stability data' } }),
    },
    {
        route: 'rejectExcursion',
        allowed: ['manufacturer'],
        input: (w) => ({ params: { shipmentId: w.shipmentId, excursionId: 'EXC-1' }, body: { justification: 'beyond stability data' } }),
    },
];

apiSuite('HTTP API: every write route refuses every role but its own, with the chaincode’s reason', (ctx) => {
    let fixture: Awaited<ReturnType<typeof world>>;
    before(async () => {
        fixture = await world(ctx.api);
    });
    for (const { route, allowed, input } of CASES) {
        describe(route, () => {
            for (const role of USER_ROLES.filter((r) => !allowed.includes(r))) {
                it(`answers 403 to ${role} and changes nothing`, async () => {
                    const client = ctx.api.as(role);
                    await assertProblem(ctx.api, () => client.call(route, input(fixture)), 403, 'FORBIDDEN', /./);
                });
            }
        });
    }
});
