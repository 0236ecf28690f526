import assert from 'node:assert/strict';
import { isEmbeddedLedgerBackend, wireArgs } from '@coldtrace/ledger-client';
import type { StoredBlock } from '@coldtrace/embedded-ledger';
import type { Caller, LedgerHarness } from './harness/ledger-harness';
import { embeddedSuite, ledgerSuite } from './harness/suite';
import { GTIN, WORLD_ORDER_TERMS } from './harness/supply-chain-world';
import { commercialTerms } from './harness/commercial-terms';
import { first } from './harness/elements';

const TERMS = { unitPrice: '4.75', currency: 'USD' };
const transient = (terms: object) => ({ terms: JSON.stringify(terms) });

/** Every caller but the two parties is refused the price, whatever its role. */
async function assertOnlyPartiesRead(ledger: LedgerHarness, orderId: string, parties: Caller[], others: Caller[], terms: object): Promise<void> {
    for (const party of parties) {
        assert.deepEqual(await ledger.evaluate(party, 'order:getTerms', [orderId]), { orderId, ...terms }, `${party} reads the price`);
    }
    for (const other of others) {
        await assert.rejects(ledger.evaluate(other, 'order:getTerms', [orderId]), /FORBIDDEN/, `${other} may not read the price`);
    }
}

ledgerSuite('private data: order terms in the buyer’s and the seller’s implicit collections', (ctx) => {
    it('lets the two parties read an order’s price and nobody else', async () => {
        const { orderId } = await ctx.ledger.submit('retailer', 'order:place', [{ gtin: GTIN, quantity: 10, manufacturer: 'ManufacturerMSP' }], transient(TERMS));
        await assertOnlyPartiesRead(ctx.ledger, orderId, ['retailer', 'manufacturer'], [], TERMS);
        for (const role of ['carrier', 'detector', 'auditor'] as const) {
            await assert.rejects(ctx.ledger.evaluate(role, 'order:getTerms', [orderId]), /FORBIDDEN: only a manufacturer or retailer may read the price of an order/);
        }
        const order = await ctx.ledger.evaluate('auditor', 'order:get', [orderId]);
        assert.equal(order.hasTerms, true);
        assert.equal(order.unitPrice, undefined);
    });

    it('keeps the price out of the public order even once a carrier is party to it', async () => {
        const shipment = await ctx.world.shipment(1, 'in_transit');
        const order = await ctx.ledger.evaluate('carrier', 'order:get', [shipment.orderId]);
        assert.equal(order.carrier, 'CarrierMSP');
        assert.deepEqual(commercialTerms(order, WORLD_ORDER_TERMS), [], 'the price is not in the public order');
        await assert.rejects(ctx.ledger.evaluate('carrier', 'order:getTerms', [shipment.orderId]), /FORBIDDEN/);
    });

    it('sends the price to no peer but the buyer’s and the seller’s: left to choose endorsers itself, the Gateway refuses and nothing is written', async () => {
        const height = await ctx.ledger.height();
        const order = { orderId: 'O-PRIVATE-UNNAMED', gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' };
        await assert.rejects(
            ctx.ledger.ledger.submit(ctx.ledger.identity('retailer'), 'order:place', wireArgs([order]), { transient: transient(TERMS) }),
            /not in the distribution policy of the private data collection\(s\).*retry specifying trusted endorsing organizations/,
        );
        assert.equal(await ctx.ledger.height(), height, 'nothing was ordered');
        await assert.rejects(ctx.ledger.evaluate('retailer', 'order:get', [order.orderId]), /NOT_FOUND/);
    });

    it('needs the seller’s peer among the endorsers: endorsed by the buyer’s and a carrier’s, the order is never committed', async () => {
        const order = { orderId: 'O-PRIVATE-NO-SELLER', gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' };
        // Fabric orders it and invalidates it (ENDORSEMENT_POLICY_FAILURE, code 10); the embedded ledger refuses before ordering.
        await assert.rejects(
            ctx.ledger.ledger.submit(ctx.ledger.identity('retailer'), 'order:place', wireArgs([order]), {
                transient: transient(TERMS),
                endorsingOrganizations: ['RetailerMSP', 'CarrierMSP'],
            }),
            /ENDORSEMENT_POLICY_FAILURE|status code 10\b/,
        );
        await assert.rejects(ctx.ledger.evaluate('retailer', 'order:get', [order.orderId]), /NOT_FOUND/);
    });

    it('answers the price only on a peer of the caller’s own organization: another organization’s peer holds its hash alone', async () => {
        const { orderId } = await ctx.ledger.submit('retailer', 'order:place', [{ gtin: GTIN, quantity: 2, manufacturer: 'ManufacturerMSP' }], transient(TERMS));
        await assert.rejects(
            ctx.ledger.ledger.evaluate(ctx.ledger.identity('retailer'), 'order:getTerms', [orderId], { endorsingOrganizations: ['CarrierMSP'] }),
            /private data matching public hash version is not available/,
        );
        assert.deepEqual(await ctx.ledger.evaluate('retailer', 'order:getTerms', [orderId]), { orderId, ...TERMS });
    });
});

embeddedSuite(
    'private data: the price between a second retailer and a second manufacturer (embedded ledger: the Fabric network has four organizations until network:add-org)',
    (ctx) => {
        it('keeps the price between those two, and out of every block', async () => {
            const terms = { unitPrice: '31.40', currency: 'EUR' };
            const { orderId } = await ctx.ledger.submit('retailer2', 'order:place', [{ gtin: GTIN, quantity: 3, manufacturer: 'Manufacturer2MSP' }], transient(terms));
            await assertOnlyPartiesRead(ctx.ledger, orderId, ['retailer2', 'manufacturer2'], ['retailer', 'manufacturer', 'carrier', 'carrier2', 'detector2', 'auditor'], terms);

            const backend = ctx.ledger.ledger;
            assert.ok(isEmbeddedLedgerBackend(backend));
            const stored: StoredBlock = await backend.ledger.block((await ctx.ledger.height()) - 1);
            const transaction = first(stored.block.data, 'transactions in the block');
            assert.deepEqual(transaction.args.slice(0, 1), ['order:place']);
            const chain = JSON.stringify(stored.block);
            for (const secret of ['31.40', Buffer.from(JSON.stringify({ orderId, ...terms })).toString('base64'), Buffer.from('31.40').toString('base64')]) {
                assert.ok(!chain.includes(secret), `the block does not carry ${secret}`);
            }
            assert.deepEqual(
                transaction.readWriteSet.collections.map((set) => [set.collection, set.writes.length]),
                [
                    ['_implicit_org_Manufacturer2MSP', 1],
                    ['_implicit_org_Retailer2MSP', 1],
                ],
                'the block carries a hash of each party’s copy',
            );
            assert.ok(transaction.readWriteSet.collections.every((set) => /^[0-9a-f]{64}$/.test(set.writes[0]?.valueHash ?? '')));
            assert.deepEqual(
                Object.values(stored.privateData)
                    .flat()
                    .map((write) => write.collection)
                    .sort(),
                ['_implicit_org_Manufacturer2MSP', '_implicit_org_Retailer2MSP'],
                'the values stay beside the block, for the two members’ stores',
            );
        });
    },
);
