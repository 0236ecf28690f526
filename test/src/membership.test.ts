import assert from 'node:assert/strict';
import { FOUNDING_MEMBERS } from '@coldtrace/api/contract';
import { createEmbeddedHarness } from './harness/embedded-harness';
import type { LedgerHarness } from './harness/ledger-harness';
import { assertRefused, embeddedSuite, ledgerSuite } from './harness/suite';
import { GTIN, SupplyChainWorld } from './harness/supply-chain-world';
import { first } from './harness/elements';

ledgerSuite('membership: the consortium on the ledger', (ctx) => {
    it('lists the founding members, with their roles, names, status and the time they joined, for every member', async () => {
        for (const role of ['manufacturer', 'detector', 'auditor'] as const) {
            const members: { mspId: string; roles: string[]; displayName: string; status: string; joinedAt: string }[] = await ctx.ledger.evaluate(role, 'member:list', []);
            for (const founder of FOUNDING_MEMBERS) {
                const member = members.find((candidate) => candidate.mspId === founder.mspId);
                assert.ok(member, `${founder.mspId} is a member`);
                assert.deepEqual(member.roles, founder.roles);
                assert.equal(member.status, 'active');
                assert.ok(!Number.isNaN(Date.parse(member.joinedAt)));
            }
        }
        assert.deepEqual((await ctx.ledger.evaluate('retailer', 'member:get', ['CarrierMSP'])).roles, ['carrier']);
        await assert.rejects(ctx.ledger.evaluate('retailer', 'member:get', ['NobodyMSP']), /NOT_FOUND: organization NobodyMSP is not a member/);
    });

    it('takes an order only for an active member holding the manufacturer role, and a shipment only with one holding the carrier role', async () => {
        await assertRefused(
            ctx,
            'retailer',
            'order:place',
            [{ gtin: GTIN, quantity: 1, manufacturer: 'NobodyMSP' }],
            'INVALID_ARGUMENT',
            /manufacturer NobodyMSP is not a member of the consortium/,
        );
        await assertRefused(
            ctx,
            'retailer',
            'order:place',
            [{ gtin: GTIN, quantity: 1, manufacturer: 'CarrierMSP' }],
            'INVALID_ARGUMENT',
            /CarrierMSP does not hold the manufacturer role/,
        );
        const packed = await ctx.world.packed(1);
        const orderId = await ctx.world.acceptedOrder(1);
        await assertRefused(
            ctx,
            'manufacturer',
            'shipment:create',
            [{ orderId, handlingUnits: [packed.sscc], carrier: 'RetailerMSP' }],
            'INVALID_ARGUMENT',
            /carrier RetailerMSP does not hold the carrier role/,
        );
    });
});

embeddedSuite('consortium: a second retailer, manufacturer and carrier (embedded ledger: the Fabric network has four organizations until network:add-org)', (ctx) => {
    it('lets a second retailer order from a second manufacturer, which ships with a second carrier; the first ones are strangers to it', async () => {
        const m2 = new SupplyChainWorld(ctx.ledger);
        const batch = await ctx.ledger.submit('manufacturer2', 'batch:create', [m2.batchInput({ quantity: 1 })]);
        const serial: string = batch.serials[0];
        await ctx.ledger.submit('manufacturer2', 'product:inspect', [serial]);
        const { sscc } = await ctx.ledger.submit('manufacturer2', 'handlingUnit:pack', [{ serials: [serial] }]);
        const { orderId } = await ctx.ledger.submit('retailer2', 'order:place', [{ gtin: GTIN, quantity: 1, manufacturer: 'Manufacturer2MSP' }]);
        await assertRefused(ctx, 'manufacturer', 'order:accept', [orderId], 'FORBIDDEN', /manufacturer \(seller\) of the order \(Manufacturer2MSP\)/);
        await ctx.ledger.submit('manufacturer2', 'order:accept', [orderId]);
        const { shipmentId } = await ctx.ledger.submit('manufacturer2', 'shipment:create', [{ orderId, handlingUnits: [sscc], carrier: 'Carrier2MSP' }]);
        await assertRefused(ctx, 'carrier', 'shipment:pickup', [shipmentId], 'FORBIDDEN', /carrier named on the shipment \(Carrier2MSP\)/);
        await ctx.ledger.submit('carrier2', 'shipment:pickup', [shipmentId]);
        await ctx.ledger.submit('carrier2', 'shipment:deliver', [shipmentId]);
        await assertRefused(ctx, 'retailer', 'shipment:receive', [shipmentId], 'FORBIDDEN', /consignee/);
        await ctx.ledger.submit('retailer2', 'shipment:receive', [shipmentId]);
        for (const [fn, args] of [
            ['order:get', [orderId]],
            ['query:trace', [serial]],
            ['batch:get', [batch.batchId]],
        ] as const) {
            await assert.rejects(ctx.ledger.evaluate('retailer', fn, [...args]), /FORBIDDEN/, `the first retailer may not ${fn}`);
        }
        await assertRefused(ctx, 'retailer', 'anomaly:report', [batch.batchId, { reason: 'not mine to judge' }], 'FORBIDDEN', /RetailerMSP never did/);
        for (const step of ['stock', 'label', 'sell']) {
            await ctx.ledger.submit('retailer2', `product:${step}`, [serial]);
        }
        await ctx.ledger.submit('retailer2', 'anomaly:report', [batch.batchId, { reason: 'customer complaint', serial }]);
        const history: unknown[] = await ctx.ledger.evaluate('auditor', 'query:history', ['product', serial]);
        assert.ok(history.length >= 8, 'the auditor reads every version of the product');
    });
});

describe('membership bootstrap on a fresh embedded ledger', function () {
    this.timeout(600_000);
    let ledger: LedgerHarness;
    before(async () => {
        ledger = await createEmbeddedHarness({ bootstrap: false });
    });
    after(() => ledger?.close());

    it('refuses every write while the consortium has no member', async () => {
        await assert.rejects(
            ledger.submit('manufacturer', 'batch:create', [new SupplyChainWorld(ledger).batchInput({ quantity: 1 })]),
            /FORBIDDEN: ManufacturerMSP is not a member of the consortium/,
        );
    });

    it('refuses founders listed badly, and a caller that is not among them', async () => {
        await assert.rejects(ledger.submit('manufacturer', 'member:bootstrap', [[{ ...FOUNDING_MEMBERS[0], gln: '9506000000009' }]]), /INVALID_ARGUMENT: .*check digit/);
        await assert.rejects(
            ledger.submit('manufacturer', 'member:bootstrap', [[{ ...FOUNDING_MEMBERS[0], contact: { webhook: 'http://hooks.example.com/x' } }]]),
            /INVALID_ARGUMENT/,
        );
        await assert.rejects(
            ledger.submit('retailer', 'member:bootstrap', [FOUNDING_MEMBERS.filter((m) => m.mspId !== 'RetailerMSP')]),
            /FORBIDDEN: RetailerMSP is not one of the founding members/,
        );
        assert.equal(await ledger.height(), 0, 'nothing was written');
    });

    it('records the founders once; then the consortium is closed to a second bootstrap', async () => {
        const founders = [
            { ...FOUNDING_MEMBERS[0], gln: '9506000000008', contact: { email: 'ops@example.com', webhook: 'https://hooks.example.com/coldtrace' } },
            ...FOUNDING_MEMBERS.slice(1),
        ];
        const members: { mspId: string; admittedBy: { org: string } }[] = await ledger.submit('retailer', 'member:bootstrap', [founders]);
        assert.deepEqual(
            members.map((m) => m.mspId),
            founders.map((m) => m.mspId),
        );
        assert.equal(first(members, 'founding members').admittedBy.org, 'RetailerMSP');
        assert.equal((await ledger.evaluate('auditor', 'member:get', ['ManufacturerMSP'])).gln, '9506000000008');
        await assert.rejects(ledger.submit('manufacturer', 'member:bootstrap', [founders]), /CONFLICT: the consortium has members already/);
        await ledger.submit('manufacturer', 'batch:create', [new SupplyChainWorld(ledger).batchInput({ quantity: 1 })]);
    });
});
