import { describe, expect, it } from 'vitest';
import { useFixedClock } from '../test-support/fixed-clock';
import { DIRECTORY } from '../test-support/members';
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
});
