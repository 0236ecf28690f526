import assert from 'node:assert/strict';
import { DEMO_SERIAL, seedDemoWorld } from '@coldtrace/api';
import { ColdtraceClient } from '@coldtrace/api/contract';
import { ApiHarness, TEST_PASSWORD } from './harness/api-harness';
import { apiSuite, assertProblem } from './harness/api-suite';

apiSuite('demo world: the story `npm start` seeds keeps the ledger’s rules', (ctx) => {
    it('seeds a sold, complained-about serial whose batch the open anomaly holds', async () => {
        const { api } = ctx;
        const actors = {
            manufacturer: await api.identity('manufacturer'),
            carrier: await api.identity('carrier'),
            retailer: await api.identity('retailer'),
            detector: await api.detector(),
        };
        // A shared Fabric network may hold the demo already; seeding then does nothing and the story stands.
        await seedDemoWorld(api.running.context.ledger, actors, () => undefined);
        const trace = await api.as('retailer').call('trace', { params: { ref: DEMO_SERIAL } });
        assert.equal(trace.product.state, 'sold');
        assert.equal(trace.product.flags.anomaly, true);
        assert.deepEqual(
            trace.anomalies.map((a) => a.state),
            ['open'],
        );
        assert.equal((await api.anonymous().call('publicProvenance', { params: { ref: DEMO_SERIAL } })).onHold, true);
        // The stocked sibling waits for the manufacturer's clearance.
        await assertProblem(api, () => api.as('retailer').call('labelProduct', { params: { serial: 'DEMO-VAX-0002' } }), 409, 'CONFLICT', /DEMO-VAX is on hold/);
    });
});

/**
 * The demo's second retailer and carrier (Northside Pharmacy with Fjord Freight): the all-in-one
 * server's default consortium on the embedded ledger; the Fabric network has the four founders until
 * network:add-org, so this part always runs on the embedded ledger.
 */
describe('demo world: a second retailer and carrier see only their own goods (embedded ledger: the demo’s six organizations)', function () {
    this.timeout(600_000);
    let api: ApiHarness;
    before(async () => {
        api = await ApiHarness.start({ ledger: 'embedded' });
    });
    after(() => api?.close());

    it('seeds the second retailer’s own order and shipment, which the first retailer and carrier cannot see, and the reverse', async () => {
        const { identities, ledger, users } = api.running.context;
        for (const [username, role, org] of [
            ['northside', 'retailer', 'Retailer2MSP'],
            ['fjord', 'carrier', 'Carrier2MSP'],
        ] as const) {
            await users.add({ username, role, org, password: TEST_PASSWORD });
        }
        await seedDemoWorld(
            ledger,
            {
                manufacturer: await api.identity('manufacturer'),
                carrier: await api.identity('carrier'),
                retailer: await api.identity('retailer'),
                detector: await api.detector(),
                retailer2: await identities.of({ username: 'northside', org: 'Retailer2MSP' }),
                carrier2: await identities.of({ username: 'fjord', org: 'Carrier2MSP' }),
            },
            () => undefined,
        );
        const members = await api.as('retailer').call('listOrganizations');
        assert.deepEqual(
            members
                .filter((m) => m.roles.includes('retailer'))
                .map((m) => m.displayName)
                .sort(),
            ['Harbour Pharmacy', 'Northside Pharmacy'],
        );
        assert.deepEqual(
            members
                .filter((m) => m.roles.includes('carrier'))
                .map((m) => m.displayName)
                .sort(),
            ['Fjord Freight', 'Polar Express Logistics'],
        );

        const northside = new ColdtraceClient({ baseUrl: api.url });
        await northside.login('northside', TEST_PASSWORD);
        assert.deepEqual(
            (await northside.call('listOrders')).items.map((o) => o.orderId),
            ['DEMO-ORDER-3'],
        );
        assert.equal((await northside.call('getShipment', { params: { shipmentId: 'DEMO-SHIP-3' } })).state, 'received');
        await assertProblem(api, () => northside.call('getOrder', { params: { orderId: 'DEMO-ORDER-1' } }), 403, 'FORBIDDEN');

        assert.ok(!(await api.as('retailer').call('listOrders')).items.some((o) => o.orderId === 'DEMO-ORDER-3'));
        await assertProblem(api, () => api.as('retailer').call('getOrder', { params: { orderId: 'DEMO-ORDER-3' } }), 403, 'FORBIDDEN');
        await assertProblem(api, () => api.as('carrier').call('getShipment', { params: { shipmentId: 'DEMO-SHIP-3' } }), 403, 'FORBIDDEN');
        // The first retailer's story is unchanged.
        assert.equal((await api.as('retailer').call('trace', { params: { ref: DEMO_SERIAL } })).product.state, 'sold');
    });
});
