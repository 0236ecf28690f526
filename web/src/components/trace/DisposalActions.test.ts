import type { ProductView } from '@coldtrace/chaincode/model';
import { describe, expect, it } from 'vitest';
import { mountInApp, settle } from '../../test-support/mount-in-app';
import DisposalActions from './DisposalActions.vue';

const recall = { status: 'recalled', recallClass: 'II', anomalyId: 'A1' } as const;
const unit = (overrides: Partial<ProductView> = {}) =>
    ({ serial: 'B1.1', state: 'stocked', owner: 'TestMSP', custodian: 'TestMSP', batchId: 'B1', flags: { excursion: false, anomaly: true, recall }, ...overrides }) as ProductView;

describe('DisposalActions', () => {
    it('offers the holder of a recalled unit its return or destruction, and calls the chosen one', async () => {
        const { wrapper, calls } = mountInApp(DisposalActions, { role: 'retailer', props: { product: unit() }, api: async () => ({ ...unit(), state: 'returned' }) });
        expect(wrapper.find('[data-test="disposal-status"]').text()).toContain('recalled (class II)');
        expect(wrapper.findAll('button').map((b) => b.attributes('data-test'))).toEqual(['disposal-return', 'disposal-destroy']);
        await wrapper.find('[data-test="disposal-return"]').trigger('click');
        await settle();
        expect(calls).toEqual([{ name: 'returnProduct', input: { params: { serial: 'B1.1' } } }]);
        expect(wrapper.emitted('done')).toHaveLength(1);
    });

    it('tells others what became of the unit without offering anything', () => {
        const elsewhere = mountInApp(DisposalActions, { role: 'retailer', props: { product: unit({ owner: 'OtherMSP', custodian: 'OtherMSP' }) } }).wrapper;
        expect(elsewhere.find('[data-test="disposal"]').exists()).toBe(true);
        expect(elsewhere.find('button').exists()).toBe(false);
        const sold = mountInApp(DisposalActions, {
            role: 'retailer',
            props: { product: unit({ state: 'sold', flags: { excursion: false, anomaly: true, recall: { ...recall, status: 'sold_before_recall' } } }) },
        }).wrapper;
        expect(sold.text()).toContain('Sold before the recall (class II)');
        expect(sold.find('button').exists()).toBe(false);
    });

    it('offers a rejected unit’s return after an excursion, and nothing for a unit nothing called back', () => {
        const rejected = mountInApp(DisposalActions, {
            role: 'retailer',
            props: { product: unit({ flags: { excursion: true, anomaly: false, excursionHold: 'rejected' } }) },
        }).wrapper;
        expect(rejected.text()).toContain('rejected this unit after a temperature excursion');
        expect(rejected.find('[data-test="disposal-return"]').exists()).toBe(true);
        const fine = mountInApp(DisposalActions, { role: 'retailer', props: { product: unit({ flags: { excursion: false, anomaly: false } }) } }).wrapper;
        expect(fine.find('[data-test="disposal"]').exists()).toBe(false);
    });
});
