import assert from 'node:assert/strict';
import { type EmbeddedLedgerBackend, fromWire, isEmbeddedLedgerBackend, type LedgerIdentity, wireArgs } from '@coldtrace/ledger-client';
import { ADMIN_ATTRIBUTE, type Member, type MemberMotion } from '@coldtrace/chaincode/model';
import { joiner } from './access-cases';
import { ADMINS, carry, submitAs } from './harness/consortium-admins';
import type { LedgerHarness } from './harness/ledger-harness';
import { assertRefused, embeddedSuite } from './harness/suite';
import { GTIN } from './harness/supply-chain-world';

/** The embedded ledger under the harness: it trusts a new organization's CA at runtime, as a Fabric config update would. */
function embedded(ledger: LedgerHarness): EmbeddedLedgerBackend {
    assert.ok(isEmbeddedLedgerBackend(ledger.ledger));
    return ledger.ledger;
}

/** A user of an organization the harness has no caller for, enrolled from its own (new) CA. */
async function userOf(ledger: LedgerHarness, mspId: string, admin = false): Promise<LedgerIdentity> {
    await embedded(ledger).ledger.addOrganization(mspId);
    return embedded(ledger).ledger.enroll(mspId, `${admin ? 'admin' : 'user'}-${mspId}`, admin ? { [ADMIN_ATTRIBUTE]: 'true' } : {});
}

/**
 * Joining a running consortium on the ledger: proposed by an administrator, admitted when a majority
 * of the active members' administrators approved, each approval its own transaction. The harness's
 * seven active members ask for four approvals. Needs organizations the Fabric network does not have
 * (their MSPs come with network:add-org), so it runs on the embedded ledger, under test:fabric too.
 */
embeddedSuite('joining: proposals carried by a majority of the active members’ administrators (embedded ledger: needs new MSPs at runtime)', (ctx) => {
    it('admits a proposed organization with the approval that reaches the majority; until then its users may do nothing', async () => {
        const proposal = joiner();
        const proposed: Member = await ctx.ledger.submit('manufacturer', 'member:propose', [proposal]);
        assert.equal(proposed.status, 'proposed');
        assert.equal(proposed.proposedBy?.org, 'ManufacturerMSP');
        const pending = (await ctx.ledger.evaluate<Member[]>('retailer2', 'member:list', [])).filter((m) => m.status === 'proposed').map((m) => m.mspId);
        assert.ok(pending.includes(proposal.mspId), 'every member sees the proposal');
        const newcomer = await userOf(ctx.ledger, proposal.mspId);
        const newcomerAdmin = await userOf(ctx.ledger, proposal.mspId, true);

        const approvals: MemberMotion[] = [];
        for (const [i, admin] of ADMINS.entries()) {
            await assert.rejects(
                submitAs(ctx.ledger, newcomer, 'order:place', [{ gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' }]),
                /FORBIDDEN: .* is proposed and not yet admitted/,
                `after ${i} approvals the newcomer may not order`,
            );
            await assert.rejects(submitAs(ctx.ledger, newcomerAdmin, 'member:approve', [proposal.mspId]), /FORBIDDEN: .* is proposed/, 'nor vote on itself');
            approvals.push(await ctx.ledger.submit(admin, 'member:approve', [proposal.mspId]));
        }
        assert.deepEqual(
            approvals.map((m) => [m.approvals.length, m.required, m.carried]),
            [
                [1, 4, false],
                [2, 4, false],
                [3, 4, false],
                [4, 4, true],
            ],
        );
        const member: Member = await ctx.ledger.evaluate('auditor', 'member:get', [proposal.mspId]);
        assert.equal(member.status, 'active');
        assert.equal(member.admittedBy.org, 'AuditorMSP', 'the approval that reached the majority admitted it');

        const { orderId } = await submitAs(ctx.ledger, newcomer, 'order:place', [{ gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' }]);
        await assert.rejects(ctx.ledger.evaluate('retailer', 'order:get', [orderId]), /FORBIDDEN/, 'the first retailer does not see the newcomer’s order');
        await ctx.ledger.submit('manufacturer', 'order:accept', [orderId]);
    });

    it('counts each organization once, and refuses approving what is no longer proposed', async () => {
        const { mspId } = await ctx.ledger.submit('carrier', 'member:propose', [joiner()]);
        await ctx.ledger.submit('carrier', 'member:approve', [mspId]);
        await assertRefused(ctx, 'carrier', 'member:approve', [mspId], 'CONFLICT', /CarrierMSP approved to admit .* already/);
        const [admit, reject]: MemberMotion[] = await ctx.ledger.evaluate('retailer2', 'member:motions', [mspId]);
        assert.deepEqual([admit?.motion, admit?.approvals, reject?.motion, reject?.approvals], ['admit', ['CarrierMSP'], 'reject', []]);
        await assertRefused(ctx, 'manufacturer', 'member:propose', [{ ...joiner(), mspId }], 'CONFLICT', /proposed already/);
        await assertRefused(ctx, 'manufacturer', 'member:propose', [{ ...joiner(), mspId: 'RetailerMSP' }], 'CONFLICT', /a member already \(active\)/);
        await assertRefused(ctx, 'manufacturer', 'member:suspend', [mspId], 'CONFLICT', /is proposed; only an active organization can be suspended/);
    });

    it('refuses callers that are not administrators of an active member, and bad input, leaving the ledger unchanged', async () => {
        const { mspId } = await ctx.ledger.submit('auditor', 'member:propose', [joiner()]);
        await assertRefused(
            ctx,
            'retailer2',
            'member:approve',
            [mspId],
            'FORBIDDEN',
            /only an administrator \(certificate attribute coldtrace.admin=true\) of an active member may approve/,
        );
        await assertRefused(ctx, 'retailer2', 'member:propose', [joiner()], 'FORBIDDEN', /not an administrator/);
        await assertRefused(ctx, 'detector', 'member:approve', [mspId], 'FORBIDDEN', /only a manufacturer, carrier, retailer or auditor may/);
        await assertRefused(ctx, 'manufacturer', 'member:approve', ['NobodyMSP'], 'NOT_FOUND', /NobodyMSP is neither a member nor proposed/);
        await assertRefused(ctx, 'manufacturer', 'member:approve', ['../etc'], 'INVALID_ARGUMENT', /must be an MSP ID/);
        await assertRefused(ctx, 'manufacturer', 'member:propose', [{ ...joiner(), gln: '9506000000009' }], 'INVALID_ARGUMENT', /check digit/);
        await assertRefused(ctx, 'manufacturer', 'member:propose', [{ ...joiner(), roles: ['detector'] }], 'INVALID_ARGUMENT');
    });

    it('drops a proposal a majority rejected; proposed again, the earlier approvals no longer count', async () => {
        const proposal = joiner();
        await ctx.ledger.submit('retailer', 'member:propose', [proposal]);
        await ctx.ledger.submit('manufacturer', 'member:approve', [proposal.mspId]);
        const rejected = await carry(ctx.ledger, 'member:reject', proposal.mspId);
        assert.equal(rejected.approvals.length, rejected.required);
        await assert.rejects(ctx.ledger.evaluate('auditor', 'member:get', [proposal.mspId]), /NOT_FOUND/);
        await ctx.ledger.submit('retailer', 'member:propose', [proposal]);
        const again: MemberMotion = await ctx.ledger.submit('carrier', 'member:approve', [proposal.mspId]);
        assert.deepEqual(again.approvals, ['CarrierMSP'], 'the approval of the dropped proposal is gone');
    });

    it('suspends a member by majority (it reads but writes nothing) and reinstates it the same way', async () => {
        const proposal = joiner();
        await ctx.ledger.submit('manufacturer', 'member:propose', [proposal]);
        await carry(ctx.ledger, 'member:approve', proposal.mspId);
        const user = await userOf(ctx.ledger, proposal.mspId);
        const { orderId } = await submitAs(ctx.ledger, user, 'order:place', [{ gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' }]);
        const active = (await ctx.ledger.evaluate<Member[]>('auditor', 'member:list', [])).filter((m) => m.status === 'active').length;
        const ownAdmin = await userOf(ctx.ledger, proposal.mspId, true);
        await assert.rejects(submitAs(ctx.ledger, ownAdmin, 'member:suspend', [proposal.mspId]), /FORBIDDEN: .* cannot approve its own suspension/);
        const suspended = await carry(ctx.ledger, 'member:suspend', proposal.mspId);
        assert.deepEqual([suspended.approvals.length, suspended.required], [Math.floor(active / 2) + 1, Math.floor(active / 2) + 1], 'a majority of the active members');
        await assert.rejects(
            submitAs(ctx.ledger, user, 'order:place', [{ gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' }]),
            /FORBIDDEN: .* is suspended: it may read its history but not place an order/,
        );
        assert.equal(
            fromWire<{ orderId: string }>(await ctx.ledger.ledger.evaluate(user, 'order:get', wireArgs([orderId]))).orderId,
            orderId,
            'a suspended member reads its history',
        );
        await assertRefused(ctx, 'manufacturer', 'member:suspend', [proposal.mspId], 'CONFLICT', /is suspended/);
        const reinstated = await carry(ctx.ledger, 'member:reinstate', proposal.mspId);
        assert.equal(reinstated.required, Math.floor((active - 1) / 2) + 1, 'the suspended member no longer counts');
        assert.equal((await ctx.ledger.evaluate<Member>('auditor', 'member:get', [proposal.mspId])).status, 'active');
        await submitAs(ctx.ledger, user, 'order:place', [{ gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' }]);
    });
});
