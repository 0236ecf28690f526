import { ApiProblemError } from '@coldtrace/api/contract';
import type { Excursion } from '@coldtrace/chaincode/model';
import { describe, expect, it } from 'vitest';
import { useFixedClock } from '../../test-support/fixed-clock';
import { DIRECTORY } from '../../test-support/members';
import { mountInApp, settle } from '../../test-support/mount-in-app';
import ExcursionList from './ExcursionList.vue';

const closed = {
    docType: 'excursion',
    excursionId: 'E1',
    shipmentId: 'S1',
    sensorId: 'T1',
    kind: 'high',
    status: 'closed',
    startAt: '2026-01-01T10:00:00Z',
    endAt: '2026-01-01T10:40:00Z',
    peakC: 11.5,
    durationMinutes: 40,
    affectedSerials: ['B1.1'],
    parties: [],
    recordedAt: '2026-01-01T10:00:00Z',
} as unknown as Excursion;
const released: Excursion = {
    ...closed,
    excursionId: 'E0',
    disposition: {
        decision: 'released',
        justification: 'study S-12 covers it',
        documentSha256: 'ab'.repeat(32),
        at: '2026-01-02T00:00:00Z',
        org: 'ManufacturerMSP',
        user: 'qa',
        txId: 't',
    },
};

describe('ExcursionList', () => {
    useFixedClock('2026-01-03T00:00:00Z');

    it('shows a pending excursion’s hold and a decided one’s decision, who took it and why', async () => {
        const { wrapper } = mountInApp(ExcursionList, { role: 'retailer', members: DIRECTORY, props: { excursions: [released, closed] } });
        await settle();
        const rows = wrapper.findAll('[data-test="excursion-row"]');
        expect(rows.map((r) => r.attributes('data-hold'))).toEqual(['released', 'on_hold']);
        expect(rows[0]?.find('[data-test="disposition"]').text()).toMatch(/Released .* by Northwind Pharma \(qa\): “study S-12 covers it”/);
        expect(rows[0]?.find('[data-test="disposition-document-hash"]').text()).toContain('abababababababab');
        expect(rows[1]?.find('[data-test="disposition"]').text()).toContain('awaiting the manufacturer’s decision');
        expect(wrapper.find('[data-test="disposition-form"]').exists()).toBe(false);
    });

    it('lets the goods’ manufacturer release with a justification and an optional document hash, or reject', async () => {
        const { wrapper, calls } = mountInApp(ExcursionList, { role: 'manufacturer', props: { excursions: [closed], canDecide: true }, api: async () => released });
        await wrapper.find('[data-test="disposition-form"]').trigger('submit');
        await settle();
        expect(calls).toHaveLength(0);
        expect(wrapper.find('[data-test="error"]').text()).toMatch(/justification/);

        await wrapper.find('[data-test="disposition-justification"]').setValue(' study S-12 covers it ');
        await wrapper.find('[data-test="disposition-document"]').setValue('AB'.repeat(32));
        await wrapper.find('[data-test="disposition-form"]').trigger('submit');
        await settle();
        expect(calls).toEqual([
            {
                name: 'releaseExcursion',
                input: { params: { shipmentId: 'S1', excursionId: 'E1' }, body: { justification: 'study S-12 covers it', documentSha256: 'ab'.repeat(32) } },
            },
        ]);
        expect(wrapper.emitted('decided')).toHaveLength(1);

        await wrapper.find('[data-test="disposition-document"]').setValue('');
        await wrapper.find('[data-test="disposition-reject"]').trigger('click');
        await settle();
        expect(calls[1]).toEqual({ name: 'rejectExcursion', input: { params: { shipmentId: 'S1', excursionId: 'E1' }, body: { justification: 'study S-12 covers it' } } });
    });

    it('shows the chaincode’s refusal in words', async () => {
        const { wrapper } = mountInApp(ExcursionList, {
            role: 'manufacturer',
            props: { excursions: [closed], canDecide: true },
            api: async () => {
                throw new ApiProblemError({
                    type: 'x',
                    title: 'Conflict',
                    status: 409,
                    code: 'CONFLICT',
                    detail: 'excursion E1 of shipment S1 was released by ManufacturerMSP; a disposition is final',
                });
            },
        });
        await wrapper.find('[data-test="disposition-justification"]').setValue('study');
        await wrapper.find('[data-test="disposition-form"]').trigger('submit');
        await settle();
        expect(wrapper.find('[data-test="error"]').text()).toContain('a disposition is final');
    });
});
