import assert from 'node:assert/strict';
import type { ColdtraceContext } from '../ledger/coldtrace-context';
import type { Member, MemberStatus } from '../model/member';
import { callerRoles } from './membership';
import { authorize } from './authorize';

/** Just what authorize reads of a transaction context: the caller and its member record. */
function contextOf(org: string, member: Partial<Member> | undefined, isDetector = false, isAdmin = false): ColdtraceContext {
    return {
        caller: { org, user: 'someone', isDetector, isAdmin },
        membership: { get: async () => member as Member | undefined },
        resolveRoles: (found: Member | undefined) => callerRoles(found, isDetector),
    } as unknown as ColdtraceContext;
}

const retailer = (status: MemberStatus) => ({ mspId: 'Retailer2MSP', roles: ['retailer' as const], status });

describe('authorize: the role gate from the rules table', () => {
    it('lets an active member call what its role may', async () => {
        await authorize(contextOf('Retailer2MSP', retailer('active')), 'product:sell');
    });

    it('lets a suspended member read its history but write nothing', async () => {
        const ctx = contextOf('Retailer2MSP', retailer('suspended'));
        await authorize(ctx, 'product:get');
        await authorize(ctx, 'member:list');
        await assert.rejects(authorize(ctx, 'product:sell'), /FORBIDDEN: Retailer2MSP is suspended: it may read its history but not sell a product/);
    });

    it('refuses an organization that is not a member everything but what is open to anyone', async () => {
        const ctx = contextOf('StrangerMSP', undefined);
        await authorize(ctx, 'query:publicProvenance');
        await authorize(ctx, 'member:bootstrap');
        await assert.rejects(authorize(ctx, 'member:list'), /FORBIDDEN: StrangerMSP is not a member of the consortium/);
    });

    it('lets a detector certificate act as its carrier’s detector only', async () => {
        const carrier = { mspId: 'CarrierMSP', roles: ['carrier' as const], status: 'active' as const };
        await authorize(contextOf('CarrierMSP', carrier, true), 'telemetry:recordExcursion');
        await assert.rejects(authorize(contextOf('CarrierMSP', carrier), 'telemetry:recordExcursion'), /only a detector \(a certificate with attribute coldtrace.role=detector\)/);
        await assert.rejects(authorize(contextOf('CarrierMSP', carrier, true), 'anomaly:report'), /acts as detector/);
        const retailerDetector = contextOf('Retailer2MSP', retailer('active'), true);
        await assert.rejects(authorize(retailerDetector, 'telemetry:recordExcursion'), /acts in no role/);
    });

    it('lets a proposed organization do nothing, not even read, until a majority admitted it', async () => {
        const ctx = contextOf('Retailer2MSP', retailer('proposed'), false, true);
        for (const transaction of ['member:list', 'product:get', 'order:place', 'member:approve']) {
            await assert.rejects(authorize(ctx, transaction), /FORBIDDEN: Retailer2MSP is proposed and not yet admitted by a majority/);
        }
        await authorize(ctx, 'query:publicProvenance');
    });

    it('lets only administrators (coldtrace.admin=true) of active members call membership motions', async () => {
        for (const transaction of ['member:propose', 'member:approve', 'member:reject', 'member:suspend', 'member:reinstate']) {
            await authorize(contextOf('Retailer2MSP', retailer('active'), false, true), transaction);
            await assert.rejects(
                authorize(contextOf('Retailer2MSP', retailer('active')), transaction),
                /FORBIDDEN: only an administrator \(certificate attribute coldtrace.admin=true\) of an active member may .*; this Retailer2MSP identity is not an administrator/,
            );
            await assert.rejects(authorize(contextOf('Retailer2MSP', retailer('suspended'), false, true), transaction), /FORBIDDEN: Retailer2MSP is suspended/);
        }
        const carrier = { mspId: 'CarrierMSP', roles: ['carrier' as const], status: 'active' as const };
        await assert.rejects(authorize(contextOf('CarrierMSP', carrier, true, true), 'member:approve'), /only a manufacturer, carrier, retailer or auditor may/);
    });

    it('refuses a transaction the table does not know', async () => {
        await assert.rejects(authorize(contextOf('Retailer2MSP', retailer('active')), 'product:melt'), /FORBIDDEN: product:melt has no access rule/);
    });
});
