import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ApiProblemError, type ColdtraceClient } from '@coldtrace/api/contract';
import { openEvents } from '../harness/event-stream';
import { MemberNodeProcess } from '../harness/member-node-process';
import { GTIN } from '../harness/supply-chain-world';
import { first, only } from '../harness/elements';

/**
 * Each member runs its own node: the manufacturer's, the second retailer's and the second carrier's,
 * each a process of its own with only its organization's keys (`npm start -- --ledger fabric --org`),
 * talking to its own peer. Run alone by test/run-fabric.sh on the network with every organization
 * admitted (a `.spec` file: it stops and starts peers, which the suites sharing the network must not
 * see). Two other members' peers stop, one after the other: the nodes go on writing and reading,
 * health names what is missing; then the retailer's own peer: its node says it is unavailable and
 * refuses writes clearly while the manufacturer's goes on; all catch up once started again.
 */
const REPO_ROOT = resolve(__dirname, '../../..');
// Asynchronously: a blocked event loop would keep the client's idle keep-alive sockets after the nodes closed them.
const network = (script: 'stop' | 'start', ...processes: string[]) => promisify(execFile)('bash', [join(REPO_ROOT, `network/fabric/${script}.sh`), ...processes]);
const peerOf = (mspId: string) => `peer-${mspId.replace(/MSP$/, '').toLowerCase()}`;

describe("Fabric: each member's own node, while other members' peers stop", function () {
    this.timeout(600_000);
    let manufacturer: MemberNodeProcess;
    let retailer: MemberNodeProcess;
    let carrier: MemberNodeProcess;
    let nodes: MemberNodeProcess[];
    let m: ColdtraceClient;
    let r: ColdtraceClient;
    let c: ColdtraceClient;

    before(async () => {
        [manufacturer, retailer, carrier] = await Promise.all([
            MemberNodeProcess.start('ManufacturerMSP', { qa: 'manufacturer' }),
            MemberNodeProcess.start('Retailer2MSP', { shop: 'retailer' }),
            // The carrier's node runs the sensors pipeline (its detector); the others have none to run.
            MemberNodeProcess.start('Carrier2MSP', { driver: 'carrier' }),
        ]);
        nodes = [manufacturer, retailer, carrier];
        [m, r, c] = await Promise.all([manufacturer.signIn('qa'), retailer.signIn('shop'), carrier.signIn('driver')]);
    });

    after(async () => {
        await Promise.all((nodes ?? []).map((node) => node.stop()));
        await network('start'); // whatever a failure left stopped
    });

    /** Waits until every node's own peer holds what the others' hold: nodes answer once their own peer committed. */
    async function settle(): Promise<void> {
        for (let attempt = 0; attempt < 120; attempt++) {
            const heights = await Promise.all(nodes.map((node) => node.ownHeight()));
            const reachable = heights.filter((height): height is number => height !== undefined);
            if (reachable.every((height) => height === Math.max(...reachable))) {
                return;
            }
            await new Promise((wait) => setTimeout(wait, 250));
        }
        throw new Error('the nodes’ own peers did not reach the same height');
    }

    /** A retailer's order to the manufacturer, shipped with the second carrier and received: the products' serials. */
    async function orderShipAndReceive(quantity: number): Promise<string[]> {
        const batch = await m.call('createBatch', { body: { gtin: GTIN, productName: 'Member-node vaccine', quantity, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 } });
        const order = await r.call('placeOrder', { body: { gtin: GTIN, quantity, manufacturer: 'ManufacturerMSP', unitPrice: '9.90', currency: 'EUR' } });
        await settle();
        await m.call('acceptOrder', { params: { orderId: order.orderId } });
        for (const serial of batch.serials) {
            await m.call('inspectProduct', { params: { serial } });
        }
        const unit = await m.call('packHandlingUnit', { body: { serials: batch.serials } });
        const shipment = await m.call('createShipment', { body: { orderId: order.orderId, handlingUnits: [unit.sscc], carrier: 'Carrier2MSP' } });
        await settle();
        await c.call('pickupShipment', { params: { shipmentId: shipment.shipmentId } });
        await c.call('deliverShipment', { params: { shipmentId: shipment.shipmentId } });
        await settle();
        assert.equal((await r.call('receiveShipment', { params: { shipmentId: shipment.shipmentId } })).state, 'received');
        assert.equal((await r.call('getOrderTerms', { params: { orderId: order.orderId } })).unitPrice, '9.90');
        return batch.serials;
    }

    it("holds only its own organization's keys and identities", async () => {
        const description = JSON.parse(readFileSync(join(REPO_ROOT, '.fabric/network/members/Retailer2MSP.json'), 'utf8')) as {
            organizations: Record<string, Record<string, unknown>>;
        };
        for (const [mspId, org] of Object.entries(description.organizations)) {
            assert.deepEqual(Object.keys(org).sort(), mspId === 'Retailer2MSP' ? ['admin', 'ca', 'fabricCa', 'peer', 'user'] : ['peer'], `${mspId} in Retailer2MSP's description`);
        }
        for (const node of nodes) {
            const wallet = join(node.dataDir, 'wallet');
            const identities = readdirSync(wallet).map((file) => JSON.parse(readFileSync(join(wallet, file), 'utf8')) as { mspId: string });
            assert.ok(identities.length > 0);
            assert.deepEqual([...new Set(identities.map((identity) => identity.mspId))], [node.org], `the wallet of ${node.org}'s node`);
            const health = await node.health();
            assert.equal(health.status, 'ok', node.log);
            assert.equal(health.org, node.org);
            assert.equal(health.peers!.length, Object.keys(description.organizations).length);
            assert.ok(
                health.peers!.every((peer) => peer.reachable && peer.height! > 0),
                JSON.stringify(health.peers),
            );
        }
        await settle();
    });

    it('refuses to start with users of another organization, or without a description of its organization', async () => {
        const dataDir = join(manufacturer.dataDir, '..', `${retailer.dataDir.split('/').pop()}-mixed`);
        execFileSync('cp', ['-r', retailer.dataDir, dataDir]);
        const users = JSON.parse(readFileSync(join(dataDir, 'users.json'), 'utf8')) as { users: { org: string }[] };
        first(users.users, 'users of the copied directory').org = 'RetailerMSP';
        writeFileSync(join(dataDir, 'users.json'), JSON.stringify(users));
        assert.match(
            await MemberNodeProcess.refusal('Retailer2MSP', {}, dataDir),
            /serves Retailer2MSP only, but its user directory holds users of other organizations \(shop of RetailerMSP\)/,
        );
        assert.match(
            await MemberNodeProcess.refusal('Retailer9MSP', {}, join(dataDir, 'nine')),
            /cannot read the Fabric network description .*members\/Retailer9MSP\.json.*network:up/,
        );
    });

    it('runs the chain across the three nodes; the price stays between buyer and seller', async () => {
        const serial = first(await orderShipAndReceive(2), 'received units');
        await r.call('stockProduct', { params: { serial: serial } });
        await r.call('labelProduct', { params: { serial: serial } });
        assert.equal((await r.call('sellProduct', { params: { serial: serial } })).state, 'sold');
        await settle();
        assert.equal((await m.call('trace', { params: { ref: serial } })).product.state, 'sold');
        await assert.rejects(
            c.call('getOrderTerms', { params: { orderId: (await r.call('trace', { params: { ref: serial } })).order!.orderId } }),
            (e: ApiProblemError) => e.status === 403,
        );
    });

    it("goes on writing and reading with one, then a second other member's peer stopped; health names them", async () => {
        await network('stop', peerOf('AuditorMSP'));
        for (const node of nodes) {
            const health = await node.health();
            assert.equal(health.status, 'degraded');
            assert.equal(health.httpStatus, 200);
            assert.ok(
                health.reasons!.some((reason) => /^AuditorMSP's peer .* is unreachable/.test(reason)),
                JSON.stringify(health.reasons),
            );
        }
        const earlier = only(await orderShipAndReceive(1), 'received units');

        await network('stop', peerOf('RetailerMSP'));
        const health = await retailer.health();
        assert.deepEqual(
            health
                .peers!.filter((peer) => !peer.reachable)
                .map((peer) => peer.mspId)
                .sort(),
            ['AuditorMSP', 'RetailerMSP'],
        );
        const later = only(await orderShipAndReceive(1), 'received units');
        for (const serial of [earlier, later]) {
            await r.call('stockProduct', { params: { serial } });
            await r.call('labelProduct', { params: { serial } });
            assert.equal((await r.call('sellProduct', { params: { serial } })).state, 'sold');
        }
        await settle();
        assert.equal((await m.call('trace', { params: { ref: later } })).product.state, 'sold');
    });

    it('says it is unavailable without its own peer and refuses writes clearly, while the other nodes go on; all catch up', async () => {
        await network('stop', peerOf('Retailer2MSP'));
        const health = await retailer.health();
        assert.equal(health.status, 'unavailable');
        assert.equal(health.httpStatus, 503);
        assert.ok(health.reasons!.some((reason) => reason.startsWith("Retailer2MSP's peer")));
        await assert.rejects(
            r.call('placeOrder', { body: { gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP', unitPrice: '1.00', currency: 'EUR' } }),
            (e: ApiProblemError) => e.status === 503 && /LEDGER_UNAVAILABLE/.test(e.problem.code),
        );
        const batch = await m.call('createBatch', {
            body: { gtin: GTIN, productName: 'Written while a retailer is away', quantity: 1, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 },
        });
        assert.equal((await m.call('getBatch', { params: { batchId: batch.batchId } })).serialCount, 1);

        await network('start');
        for (let attempt = 0; attempt < 240; attempt++) {
            const peers = (await manufacturer.health()).peers!;
            if (peers.every((peer) => peer.reachable) && new Set(peers.map((peer) => peer.height)).size === 1) {
                break;
            }
            await new Promise((wait) => setTimeout(wait, 250));
        }
        const peers = (await manufacturer.health()).peers!;
        assert.deepEqual([...new Set(peers.map((peer) => peer.height))].length, 1, `every peer at the same height again: ${JSON.stringify(peers)}`);
        assert.equal((await retailer.health()).status, 'ok');
        assert.ok((await r.call('listOrders', {})).items.length >= 3, 'the retailer reads its orders again');

        // Its chaincode-event stream broke with the peer: the node's event feed opened it again.
        const { token } = await retailer.session('shop');
        const collect = await openEvents(retailer.url, token, (events) => events.some((e) => e.event === 'OrderPlaced' && e.data.ids?.orderId === placed?.orderId));
        const placed = await r.call('placeOrder', { body: { gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP', unitPrice: '1.00', currency: 'EUR' } });
        const events = await collect();
        assert.ok(
            events.some((e) => e.event === 'OrderPlaced' && e.data.ids?.orderId === placed.orderId),
            `the order placed after the peer came back reached the event stream: ${JSON.stringify(events.map((e) => e.event))}`,
        );
    });
});
