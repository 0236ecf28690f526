import type { Member, MemberMotion } from '@coldtrace/chaincode/model';
import { describe, expect, it } from 'vitest';
import { useFixedClock } from '../test-support/fixed-clock';
import { DIRECTORY, member } from '../test-support/members';
import { mountInApp, settle } from '../test-support/mount-in-app';
import MembersView from './MembersView.vue';

describe('MembersView', () => {
    useFixedClock('2026-11-22T10:00:00Z');

    it('lists every member by name with its roles, GLN, status and when it joined', async () => {
        const { wrapper, calls } = mountInApp(MembersView, { role: 'carrier', members: DIRECTORY });
        await settle();
        const rows = wrapper.findAll('[data-test="member-row"]');
        expect(rows.map((r) => r.find('[data-test="member-name"]').text())).toEqual([
            'Alpine Biologics', 'Cold Chain Audit Office', 'Fjord Freight', 'Harbour Pharmacy', 'Northwind Pharma', 'Polar Express Logistics',
        ]);
        const northwind = wrapper.find('[data-test="member-row"][data-msp="ManufacturerMSP"]');
        expect(northwind.text()).toContain('9506000000008');
        expect(northwind.text()).toContain('Nov 1, 2026');
        expect(wrapper.find('[data-msp="RetailerMSP"] [data-test="member-roles"]').text()).toBe('Retailer, Carrier');
        expect(wrapper.find('[data-msp="Carrier2MSP"] [data-test="member-status"]').text()).toBe('suspended');
        // The layout already read the directory for this session: the page does not read it again.
        expect(calls.filter((c) => c.name === 'listOrganizations')).toHaveLength(1);
    });

    it('says so in words when the directory cannot be read', async () => {
        const { wrapper } = mountInApp(MembersView, {
            role: 'carrier',
            api: async () => {
                throw new TypeError('Failed to fetch');
            },
        });
        await settle();
        expect(wrapper.find('[data-test="error"]').text()).toContain('Cannot reach the coldtrace API');
    });

    describe('join proposals', () => {
        const proposed = member(
            { mspId: 'Retailer3MSP', roles: ['retailer'], displayName: 'Corner Pharmacy' },
            { status: 'proposed', joinedAt: '2026-11-21T08:00:00.000Z', proposedBy: { org: 'ManufacturerMSP', user: 'admin' } },
        );
        const motion: MemberMotion = { mspId: 'Retailer3MSP', motion: 'admit', approvals: ['ManufacturerMSP'], required: 3, carried: false };

        /** A fake API whose directory admits the proposal once an approval carries it. */
        function consortium(approvals: string[] = ['ManufacturerMSP']) {
            let directory: Member[] = [...DIRECTORY, proposed];
            return async (name: string): Promise<unknown> => {
                switch (name) {
                    case 'listOrganizations':
                        return directory;
                    case 'listOrganizationMotions':
                        return [{ ...motion, approvals }, { ...motion, motion: 'reject', approvals: [] }];
                    case 'getNotificationSettings':
                        return { mspId: 'CarrierMSP', emails: [], webhooks: [], mailServer: true };
                    case 'listNotificationDeliveries':
                        return [];
                    case 'approveOrganization':
                        directory = directory.map((m) => (m.mspId === 'Retailer3MSP' ? { ...m, status: 'active' } : m));
                        return { ...motion, approvals: [...approvals, 'CarrierMSP'].sort(), carried: true };
                    default:
                        throw new Error(`unexpected call ${name}`);
                }
            };
        }

        it('are not shown to a user who is no administrator, nor listed as members', async () => {
            const { wrapper, calls } = mountInApp(MembersView, { role: 'carrier', api: consortium() });
            await settle();
            expect(wrapper.find('[data-test="member-row"][data-msp="Retailer3MSP"]').exists()).toBe(false);
            expect(wrapper.find('[data-test="join-proposals"]').exists()).toBe(false);
            expect(wrapper.find('[data-test="approve"]').exists()).toBe(false);
            expect(wrapper.find('[data-test="notification-settings"]').exists()).toBe(false);
            expect(calls.map((c) => c.name)).toEqual(['listOrganizations']);
        });

        it('show an administrator who proposed each organization and its approvals; Approve admits it once a majority approved', async () => {
            const { wrapper, calls } = mountInApp(MembersView, { role: 'carrier', user: { org: 'CarrierMSP', admin: true }, api: consortium() });
            await settle();
            const row = wrapper.find('[data-test="proposal-row"][data-msp="Retailer3MSP"]');
            expect(row.find('[data-test="member-name"]').text()).toBe('Corner Pharmacy');
            expect(row.text()).toContain('by Northwind Pharma');
            expect(row.find('[data-test="proposal-approvals"]').text()).toMatch(/^1 of 3 needed\s+Northwind Pharma$/);

            await row.find('[data-test="approve"]').trigger('click');
            await settle();
            expect(calls.filter((c) => c.name === 'approveOrganization').map((c) => c.input)).toEqual([{ params: { mspId: 'Retailer3MSP' } }]);
            // The approval carried the motion: the directory is read again and Corner Pharmacy is a member.
            expect(calls.filter((c) => c.name === 'listOrganizations')).toHaveLength(2);
            expect(wrapper.find('[data-test="member-row"][data-msp="Retailer3MSP"] [data-test="member-status"]').text()).toBe('active');
            expect(wrapper.find('[data-test="proposal-row"]').exists()).toBe(false);
            expect(wrapper.text()).toContain('No organization is waiting to join.');
            expect(wrapper.find('[data-test="notification-settings"]').exists()).toBe(true);
        });

        it('offer no second approval from the same organization', async () => {
            const { wrapper } = mountInApp(MembersView, { role: 'carrier', user: { org: 'CarrierMSP', admin: true }, api: consortium(['CarrierMSP']) });
            await settle();
            const row = wrapper.find('[data-test="proposal-row"][data-msp="Retailer3MSP"]');
            expect(row.find('[data-test="approve"]').exists()).toBe(false);
            expect(row.find('[data-test="approved-by-us"]').text()).toBe('Your organization approved');
        });
    });
});
