import assert from 'node:assert/strict';
import { ledgerSuite } from '../harness/suite';

/**
 * One member's peer is down: test/run-fabric.sh stops it with `network:stop -- peer-auditor`, names
 * its organization in COLDTRACE_FABRIC_PEER_DOWN and runs this file alone (a `.spec` file, so the
 * suites that run on a whole network do not pick it up). Writes whose endorsement
 * policy is still satisfiable — any two of the other organizations' peers — go on and answer once
 * the writer's own peer committed them, reads go on; the stopped peer catches up when it is started
 * again (run-fabric.sh compares the heights).
 */
const down = process.env.COLDTRACE_FABRIC_PEER_DOWN ?? 'no organization named in COLDTRACE_FABRIC_PEER_DOWN';

ledgerSuite(`Fabric with ${down}'s peer stopped`, (ctx) => {
    it('goes on writing and reading through the other organizations’ peers', async () => {
        const shipment = await ctx.world.atRetailer(1, 'stocked');
        const serial = shipment.serials[0];
        await ctx.ledger.submit('retailer', 'product:label', [serial]);
        await ctx.ledger.submit('retailer', 'product:sell', [serial]);
        assert.equal((await ctx.ledger.evaluate('retailer', 'product:get', [serial])).state, 'sold');
        assert.equal((await ctx.ledger.evaluate('manufacturer', 'shipment:get', [shipment.shipmentId])).state, 'received');
    });
});
