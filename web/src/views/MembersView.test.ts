import { describe, expect, it } from 'vitest';
import { fakeConsortium } from '../test-support/consortium';
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
            'Alpine Biologics',
            'Cold Chain Audit Office',
            'Fjord Freight',
            'Harbour Pharmacy',
            'Northwind Pharma',
            'Polar Express Logistics',
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

    describe('for a consortium administrator', () => {
        const ADMIN = { org: 'CarrierMSP', admin: true } as const;
        const proposed = member(
            { mspId: 'Retailer3MSP', roles: ['retailer'], displayName: 'Corner Pharmacy' },
            { status: 'proposed', joinedAt: '2026-11-21T08:00:00.000Z', proposedBy: { org: 'ManufacturerMSP', user: 'admin' } },
        );
        /** Five active members: three approvals carry a motion; two organizations approved the admission already. */
        const consortium = (approvals: Parameters<typeof fakeConsortium>[1]['approvals'] = { Retailer3MSP: { admit: ['ManufacturerMSP', 'AuditorMSP'] } }) =>
            fakeConsortium([...DIRECTORY, proposed], { caller: 'CarrierMSP', approvals });
        const motionsOf = (wrapper: ReturnType<typeof mountInApp>['wrapper'], row: string) =>
            wrapper.findAll(`${row} [data-test="motion"]`).map((m) => m.attributes('data-motion'));

        it('are not shown to a user who is no administrator: no proposals, no motions column, no motion read', async () => {
            const { wrapper, calls } = mountInApp(MembersView, { role: 'carrier', api: consortium().api });
            await settle();
            expect(wrapper.find('[data-test="member-row"][data-msp="Retailer3MSP"]').exists()).toBe(false);
            expect(wrapper.find('[data-test="join-proposals"]').exists()).toBe(false);
            expect(wrapper.find('[data-test="member-motions"]').exists()).toBe(false);
            expect(wrapper.find('[data-test="members-table"]').text()).not.toContain('Motions');
            expect(wrapper.find('[data-test="notification-settings"]').exists()).toBe(false);
            expect(calls.map((c) => c.name)).toEqual(['listOrganizations']);
        });

        it('offer Suspend on active members but its own, Reinstate on suspended ones', async () => {
            const { wrapper } = mountInApp(MembersView, { role: 'carrier', user: ADMIN, api: consortium().api });
            await settle();
            expect(motionsOf(wrapper, '[data-test="member-row"][data-msp="RetailerMSP"]')).toEqual(['suspend']);
            expect(motionsOf(wrapper, '[data-test="member-row"][data-msp="Carrier2MSP"]')).toEqual(['reinstate']);
            expect(motionsOf(wrapper, '[data-test="member-row"][data-msp="CarrierMSP"]')).toEqual([]);
            expect(wrapper.find('[data-msp="Carrier2MSP"] [data-test="motion-count"]').text()).toBe('Reinstatement: 0 of 3 needed');
        });

        it('show who proposed each organization; Approve admits it once a majority approved, and it moves to the members', async () => {
            const { wrapper, calls } = mountInApp(MembersView, { role: 'carrier', user: ADMIN, api: consortium().api });
            await settle();
            const row = wrapper.find('[data-test="proposal-row"][data-msp="Retailer3MSP"]');
            expect(row.find('[data-test="member-name"]').text()).toBe('Corner Pharmacy');
            expect(row.text()).toContain('by Northwind Pharma');
            expect(motionsOf(wrapper, '[data-test="proposal-row"]')).toEqual(['admit', 'reject']);
            expect(row.find('[data-motion="admit"] [data-test="motion-count"]').text()).toBe('Admission: 2 of 3 needed — Cold Chain Audit Office, Northwind Pharma');

            await row.find('[data-test="motion-admit"]').trigger('click');
            await settle();
            expect(calls.filter((c) => c.name === 'approveOrganization').map((c) => c.input)).toEqual([{ params: { mspId: 'Retailer3MSP' } }]);
            expect(calls.filter((c) => c.name === 'listOrganizations')).toHaveLength(2);
            const admitted = wrapper.find('[data-test="member-row"][data-msp="Retailer3MSP"]');
            expect(admitted.find('[data-test="member-status"]').text()).toBe('active');
            // A member now: its suspension is what an administrator may approve, with six active members four needed.
            expect(admitted.find('[data-test="motion-count"]').text()).toBe('Suspension: 0 of 4 needed');
            expect(wrapper.find('[data-test="proposal-row"]').exists()).toBe(false);
            expect(wrapper.text()).toContain('No organization is waiting to join.');
            expect(wrapper.find('[data-test="notification-settings"]').exists()).toBe(true);
        });

        it('drop a proposal whose rejection a majority approved', async () => {
            const { wrapper, calls } = mountInApp(MembersView, {
                role: 'carrier',
                user: ADMIN,
                api: consortium({ Retailer3MSP: { admit: [], reject: ['ManufacturerMSP', 'AuditorMSP'] } }).api,
            });
            await settle();
            await wrapper.find('[data-test="proposal-row"] [data-test="motion-reject"]').trigger('click');
            await settle();
            expect(calls.filter((c) => c.name === 'rejectOrganization').map((c) => c.input)).toEqual([{ params: { mspId: 'Retailer3MSP' } }]);
            expect(wrapper.find('[data-test="proposal-row"]').exists()).toBe(false);
            expect(wrapper.find('[data-test="member-row"][data-msp="Retailer3MSP"]').exists()).toBe(false);
        });

        it('offer no second approval from the same organization', async () => {
            const { wrapper } = mountInApp(MembersView, { role: 'carrier', user: ADMIN, api: consortium({ Retailer3MSP: { admit: ['CarrierMSP'] } }).api });
            await settle();
            const admit = wrapper.find('[data-test="proposal-row"] [data-motion="admit"]');
            expect(admit.find('[data-test="motion-admit"]').exists()).toBe(false);
            expect(admit.find('[data-test="approved-by-us"]').text()).toBe('Your organization approved');
        });

        it('speak Japanese', async () => {
            const { wrapper } = mountInApp(MembersView, { role: 'carrier', user: ADMIN, api: consortium().api, locale: 'ja' });
            await settle();
            expect(wrapper.find('[data-msp="RetailerMSP"] [data-test="motion-suspend"]').text()).toBe('停止');
            expect(wrapper.find('[data-test="proposal-row"] [data-test="motion-reject"]').text()).toBe('却下');
        });
    });
});
