import assert from 'node:assert/strict';
import { DEMO_SERIAL, seedDemoWorld } from '@coldtrace/api';
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
        assert.deepEqual(trace.anomalies.map((a) => a.state), ['open']);
        assert.equal((await api.anonymous().call('publicProvenance', { params: { ref: DEMO_SERIAL } })).onHold, true);
        // The stocked sibling waits for the manufacturer's clearance.
        await assertProblem(api, () => api.as('retailer').call('labelProduct', { params: { serial: 'DEMO-VAX-0002' } }), 409, 'CONFLICT', /DEMO-VAX is on hold/);
    });
});
