import { ApiProblemError } from '@coldtrace/api/contract';
import type { BatchAnomaly } from '@coldtrace/chaincode/model';
import { describe, expect, it } from 'vitest';
import { useFixedClock } from '../../test-support/fixed-clock';
import { DIRECTORY } from '../../test-support/members';
import { mountInApp, settle } from '../../test-support/mount-in-app';
import AnomalyList from './AnomalyList.vue';

const open: BatchAnomaly = {
    docType: 'batchAnomaly',
    anomalyId: 'A1',
    batchId: 'B1',
    state: 'open',
    reason: 'vials cloudy',
    reporter: 'RetailerMSP',
    reportedBy: 'retailer',
    reportedAt: '2026-01-01T00:00:00Z',
    updatedBy: { org: 'RetailerMSP', user: 'retailer' },
    updatedAt: '2026-01-01T00:00:00Z',
    txId: 't1',
};
const cleared: BatchAnomaly = {
    ...open,
    anomalyId: 'A0',
    state: 'cleared',
    cleared: { reason: 'retained samples retested fine', at: '2026-01-02T00:00:00Z', org: 'ManufacturerMSP', user: 'quality-lead', txId: 't2' },
};

describe('AnomalyList', () => {
    useFixedClock('2026-01-03T00:00:00Z');

    it('shows each anomaly’s state, who reported it and who cleared one (by name), when and why', async () => {
        const { wrapper } = mountInApp(AnomalyList, { role: 'retailer', members: DIRECTORY, props: { anomalies: [cleared, open] } });
        await settle();
        const items = wrapper.findAll('[data-test="anomaly"]');
        expect(items.map((i) => i.attributes('data-state'))).toEqual(['cleared', 'open']);
        expect(items[0]?.find('[data-test="anomaly-state"]').text()).toBe('cleared');
        expect(items[0]?.find('[data-test="anomaly-cleared"]').text()).toMatch(/Northwind Pharma \(quality-lead\): “retained samples retested fine”/);
        expect(items[0]?.find('[data-test="anomaly-cleared"] [data-test="org"]').attributes('title')).toBe('ManufacturerMSP');
        expect(items[1]?.text()).toMatch(/by Harbour Pharmacy: “vials cloudy”/);
        expect(items[1]?.find('[data-test="anomaly-state"]').text()).toBe('open — holds the batch');
        expect(wrapper.find('[data-test="clear-anomaly-form"]').exists()).toBe(false);
    });

    it('offers the manufacturer the release of an open anomaly, with a reason, and reports the result', async () => {
        const { wrapper, calls } = mountInApp(AnomalyList, {
            role: 'manufacturer',
            props: { anomalies: [cleared, open], canDecide: true },
            api: async () => ({ ...open, state: 'cleared' }),
        });
        expect(wrapper.findAll('[data-test="clear-anomaly-form"]')).toHaveLength(1);
        await wrapper.find('[data-test="clear-anomaly-submit"]').trigger('submit');
        await settle();
        expect(calls).toHaveLength(0);
        expect(wrapper.find('[data-test="error"]').text()).toMatch(/reason/i);

        await wrapper.find('[data-test="clear-anomaly-reason"]').setValue('  retained samples retested fine ');
        await wrapper.find('[data-test="clear-anomaly-form"]').trigger('submit');
        await settle();
        expect(calls).toEqual([{ name: 'clearAnomaly', input: { params: { batchId: 'B1', anomalyId: 'A1' }, body: { reason: 'retained samples retested fine' } } }]);
        expect(wrapper.emitted('decided')?.[0]?.[0]).toMatchObject({ anomalyId: 'A1', state: 'cleared' });
    });

    it('offers the manufacturer to start the investigation of an open anomaly, then shows who started it', async () => {
        const investigating: BatchAnomaly = {
            ...open,
            state: 'investigating',
            investigation: { note: 'samples to the lab', at: '2026-01-02T00:00:00Z', org: 'ManufacturerMSP', user: 'qa', txId: 't3' },
        };
        const { wrapper, calls } = mountInApp(AnomalyList, { role: 'manufacturer', props: { anomalies: [open], canDecide: true }, api: async () => investigating });
        await wrapper.find('[data-test="investigate-note"]').setValue(' samples to the lab ');
        await wrapper.find('[data-test="investigate-form"]').trigger('submit');
        await settle();
        expect(calls).toEqual([{ name: 'investigateAnomaly', input: { params: { batchId: 'B1', anomalyId: 'A1' }, body: { note: 'samples to the lab' } } }]);
        expect(wrapper.emitted('decided')?.[0]?.[0]).toMatchObject({ state: 'investigating' });

        const shown = mountInApp(AnomalyList, { role: 'manufacturer', members: DIRECTORY, props: { anomalies: [investigating], canDecide: true } }).wrapper;
        await settle();
        expect(shown.find('[data-test="anomaly-state"]').text()).toBe('under investigation — holds the batch');
        expect(shown.find('[data-test="anomaly-investigation"]').text()).toMatch(/Northwind Pharma \(qa\): “samples to the lab”/);
        expect(shown.find('[data-test="investigate-form"]').exists()).toBe(false);
        expect(shown.find('[data-test="recall-form"]').exists()).toBe(true);
    });

    it('confirms a recall only with a class and instructions, and shows it once confirmed', async () => {
        const recalled: BatchAnomaly = {
            ...open,
            state: 'recalled',
            recall: { recallClass: 'II', instructions: 'Return every unit', at: '2026-01-02T00:00:00Z', org: 'ManufacturerMSP', user: 'qa', txId: 't4' },
        };
        const { wrapper, calls } = mountInApp(AnomalyList, { role: 'manufacturer', props: { anomalies: [open], canDecide: true }, api: async () => recalled });
        await wrapper.find('[data-test="recall-instructions"]').setValue('Return every unit');
        await wrapper.find('[data-test="recall-form"]').trigger('submit');
        await settle();
        expect(calls).toHaveLength(0);
        expect(wrapper.find('[data-test="recall-form"] [data-test="error"]').text()).toMatch(/recallClass/);

        await wrapper.find('[data-test="recall-class"]').setValue('II');
        await wrapper.find('[data-test="recall-form"]').trigger('submit');
        await settle();
        expect(calls).toEqual([{ name: 'recallBatch', input: { params: { batchId: 'B1', anomalyId: 'A1' }, body: { recallClass: 'II', instructions: 'Return every unit' } } }]);
        expect(wrapper.emitted('decided')?.[0]?.[0]).toMatchObject({ state: 'recalled' });

        const shown = mountInApp(AnomalyList, {
            role: 'manufacturer',
            members: DIRECTORY,
            props: { anomalies: [recalled, { ...open, anomalyId: 'A2' }], canDecide: true },
        }).wrapper;
        await settle();
        expect(shown.find('[data-test="anomaly-recall"]').text()).toMatch(/Recall class II confirmed .* by Northwind Pharma \(qa\): “Return every unit”/);
        expect(shown.find('[data-test="recall-form"]').exists()).toBe(false);
        expect(shown.findAll('[data-test="clear-anomaly-form"]')).toHaveLength(1);
    });

    it('offers no decision to a retailer', () => {
        const { wrapper } = mountInApp(AnomalyList, { role: 'retailer', props: { anomalies: [open], canDecide: true } });
        expect(wrapper.find('form').exists()).toBe(false);
    });

    it('shows the chaincode’s refusal in words', async () => {
        const { wrapper } = mountInApp(AnomalyList, {
            role: 'manufacturer',
            props: { anomalies: [open], canDecide: true },
            api: async () => {
                throw new ApiProblemError({
                    type: 'x',
                    title: 'Forbidden',
                    status: 403,
                    code: 'FORBIDDEN',
                    detail: 'only the manufacturer of the batch (ManufacturerMSP) may clear anomalies of batch B1',
                });
            },
        });
        await wrapper.find('[data-test="clear-anomaly-reason"]').setValue('retested');
        await wrapper.find('[data-test="clear-anomaly-form"]').trigger('submit');
        await settle();
        expect(wrapper.find('[data-test="error"]').text()).toContain('only the manufacturer of the batch');
        expect(wrapper.emitted('decided')).toBeUndefined();
    });
});
