import { ApiProblemError } from '@coldtrace/api/contract';
import type { Member } from '@coldtrace/chaincode/model';
import { describe, expect, it } from 'vitest';
import { useMembers } from '../../stores/members';
import { fakeConsortium } from '../../test-support/consortium';
import { DIRECTORY, member } from '../../test-support/members';
import { mountInApp, settle } from '../../test-support/mount-in-app';
import MemberMotions from './MemberMotions.vue';

const ADMIN = { org: 'CarrierMSP', admin: true } as const;
const byMsp = (mspId: string) => DIRECTORY.find((m) => m.mspId === mspId)!;
const proposed = member({ mspId: 'Retailer3MSP', roles: ['retailer'], displayName: 'Corner Pharmacy' }, { status: 'proposed' });

/** MemberMotions for one member, signed in as `user` of the carrier role, over a fake consortium. */
async function mountMotions(target: Member, options: Parameters<typeof fakeConsortium>[1] & { user?: { org: string; admin?: true } }) {
    const consortium = fakeConsortium([...DIRECTORY, proposed], options);
    const mounted = mountInApp(MemberMotions, { role: 'carrier', user: options.user ?? ADMIN, api: consortium.api, props: { member: target } });
    await useMembers().load();
    await settle();
    const { wrapper, calls } = mounted;
    const offered = () => wrapper.findAll('[data-test="motion"]').map((m) => m.attributes('data-motion'));
    const callsOf = (name: string) => calls.filter((c) => c.name === name);
    return { ...mounted, consortium, offered, callsOf, motion: (name: string) => wrapper.find(`[data-test="motion"][data-motion="${name}"]`) };
}

describe('MemberMotions', () => {
    it('offers a user who is no administrator nothing, and reads no motion', async () => {
        const { offered, callsOf } = await mountMotions(byMsp('RetailerMSP'), { caller: 'CarrierMSP', user: { org: 'CarrierMSP' } });
        expect(offered()).toEqual([]);
        expect(callsOf('listOrganizationMotions')).toEqual([]);
    });

    it('offers an administrator the motion open on each status, never suspending its own organization', async () => {
        expect((await mountMotions(proposed, { caller: 'CarrierMSP' })).offered()).toEqual(['admit', 'reject']);
        expect((await mountMotions(byMsp('RetailerMSP'), { caller: 'CarrierMSP' })).offered()).toEqual(['suspend']);
        expect((await mountMotions(byMsp('Carrier2MSP'), { caller: 'CarrierMSP' })).offered()).toEqual(['reinstate']);
        const own = await mountMotions(byMsp('CarrierMSP'), { caller: 'CarrierMSP' });
        expect(own.offered()).toEqual([]);
        expect(own.callsOf('listOrganizationMotions')).toEqual([]);
    });

    it('offers nothing to an administrator whose own organization is suspended', async () => {
        const { offered } = await mountMotions(byMsp('RetailerMSP'), { caller: 'Carrier2MSP', user: { org: 'Carrier2MSP', admin: true } });
        expect(offered()).toEqual([]);
    });

    it('shows each motion’s approvals out of the majority it needs, by organization name', async () => {
        const { motion } = await mountMotions(proposed, { caller: 'CarrierMSP', approvals: { Retailer3MSP: { admit: ['ManufacturerMSP', 'AuditorMSP'] } } });
        // Five active members: three approvals carry a motion.
        expect(motion('admit').find('[data-test="motion-count"]').text()).toMatch(/^Admission: 2 of 3 needed — Cold Chain Audit Office, Northwind Pharma$/);
        expect(motion('reject').find('[data-test="motion-count"]').text()).toMatch(/^Rejection: 0 of 3 needed$/);
        expect(motion('admit').find('[data-test="motion-admit"]').text()).toBe('Approve');
        expect(motion('reject').find('[data-test="motion-reject"]').text()).toBe('Reject');
    });

    it('asks before suspending; Cancel sends nothing, the confirmed approval is counted and not offered again', async () => {
        const { wrapper, motion, callsOf } = await mountMotions(byMsp('RetailerMSP'), { caller: 'CarrierMSP' });
        await motion('suspend').find('[data-test="motion-suspend"]').trigger('click');
        const dialog = wrapper.find('[data-test="confirm-dialog"]');
        expect(dialog.attributes('open')).toBeDefined();
        expect(dialog.text()).toContain('Suspend Harbour Pharmacy?');
        expect(dialog.text()).toContain('write nothing until it is reinstated');
        await dialog.find('[data-test="confirm-cancel"]').trigger('click');
        expect(wrapper.find('[data-test="confirm-dialog"]').exists()).toBe(false);
        expect(callsOf('suspendOrganization')).toEqual([]);

        await motion('suspend').find('[data-test="motion-suspend"]').trigger('click');
        await wrapper.find('[data-test="confirm-ok"]').trigger('click');
        await settle();
        expect(callsOf('suspendOrganization').map((c) => c.input)).toEqual([{ params: { mspId: 'RetailerMSP' } }]);
        expect(motion('suspend').find('[data-test="motion-count"]').text()).toMatch(/^Suspension: 1 of 3 needed — Polar Express Logistics$/);
        expect(motion('suspend').find('[data-test="motion-suspend"]').exists()).toBe(false);
        expect(motion('suspend').find('[data-test="approved-by-us"]').text()).toBe('Your organization approved');
        // Not carried: the directory is not read again.
        expect(callsOf('listOrganizations')).toHaveLength(1);
    });

    it('reads the directory again when its approval carries the motion', async () => {
        const { wrapper, motion, callsOf } = await mountMotions(byMsp('Carrier2MSP'), {
            caller: 'CarrierMSP',
            approvals: { Carrier2MSP: { reinstate: ['AuditorMSP', 'ManufacturerMSP'] } },
        });
        // Reinstating is not asked again: it lets a member write again.
        await motion('reinstate').find('[data-test="motion-reinstate"]').trigger('click');
        await settle();
        expect(wrapper.find('[data-test="confirm-dialog"]').exists()).toBe(false);
        expect(callsOf('reinstateOrganization').map((c) => c.input)).toEqual([{ params: { mspId: 'Carrier2MSP' } }]);
        expect(callsOf('listOrganizations')).toHaveLength(2);
        expect(useMembers().memberOf('Carrier2MSP')?.status).toBe('active');
    });

    it('shows the chaincode’s refusal in words beside the motion', async () => {
        const refuse = new ApiProblemError({
            type: 'x',
            title: 'CONFLICT',
            status: 409,
            code: 'CONFLICT',
            detail: 'CarrierMSP approved to reject Retailer3MSP already; each organization approves once',
        });
        const { motion } = await mountMotions(proposed, { caller: 'CarrierMSP', refuse });
        await motion('reject').find('[data-test="motion-reject"]').trigger('click');
        await settle();
        expect(motion('reject').find('[data-test="error"]').text()).toBe(
            'Not possible in the current state — CarrierMSP approved to reject Retailer3MSP already; each organization approves once',
        );
        expect(motion('reject').find('[data-test="motion-reject"]').exists()).toBe(true);
        expect(motion('admit').find('[data-test="error"]').exists()).toBe(false);
    });
});
