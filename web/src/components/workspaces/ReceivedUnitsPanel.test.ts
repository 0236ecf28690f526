import { ApiProblemError } from '@coldtrace/api/contract';
import { describe, expect, it } from 'vitest';
import { mountInApp, settle } from '../../test-support/mount-in-app';
import ReceivedUnitsPanel from './ReceivedUnitsPanel.vue';

const SSCC = '106141411234567897';
const received = { items: [{ shipmentId: 'SH-1', orderId: 'O-1', state: 'received', handlingUnits: [SSCC] }], bookmark: '', count: 1 };

/** The panel for a role, its shipments those received; `step` answers the bulk calls. */
function mountPanel(role: 'retailer' | 'carrier', step: (name: string) => Promise<unknown>) {
    return mountInApp(ReceivedUnitsPanel, { role, props: { emptyMessage: 'none' }, api: async (name) => (name === 'listShipments' ? received : step(name)) });
}

describe('ReceivedUnitsPanel', () => {
    it('stocks and labels a whole received handling unit in one action: one bulk call per step over its SSCC', async () => {
        const { wrapper, calls } = mountPanel('retailer', async (name) => {
            const state = name === 'bulkStock' ? 'stocked' : 'labeled';
            return { step: name.slice(4).toLowerCase(), state, count: 1000, sscc: SSCC, batchIds: ['B1'] };
        });
        await settle();
        expect(calls[0]).toEqual({ name: 'listShipments', input: { query: { state: 'received', pageSize: 200 } } });
        const row = wrapper.find(`[data-sscc="${SSCC}"]`);
        expect(row.findAll('button').map((b) => b.text())).toEqual(['Stock and label all', 'Stock all', 'Label all']);
        await row.find('[data-test="unit-stockAndLabel"]').trigger('click');
        await settle();
        expect(calls.slice(1)).toEqual([
            { name: 'bulkStock', input: { body: { sscc: SSCC } } },
            { name: 'bulkLabel', input: { body: { sscc: SSCC } } },
        ]);
        expect(wrapper.find('[data-test="unit-done"]').text()).toBe('1000 stocked · 1000 labeled');
        expect(wrapper.emitted('changed')).toHaveLength(2);
    });

    it('stops at a refused step, keeps what the step before did, and names the refused serials', async () => {
        const { wrapper, calls } = mountPanel('retailer', async (name) => {
            if (name === 'bulkStock') {
                return { step: 'stock', state: 'stocked', count: 20, sscc: SSCC, batchIds: ['B1'] };
            }
            throw new ApiProblemError({
                type: 'x',
                title: 'Conflict',
                status: 409,
                code: 'CONFLICT',
                detail: 'cannot label 20 of 20 serials, so none was: B1.1: batch B1 is on hold (and 19 more)',
                refused: [{ serial: 'B1.1', code: 'CONFLICT', reason: 'batch B1 is on hold' }],
                unlisted: 19,
            });
        });
        await settle();
        await wrapper.find('[data-test="unit-stockAndLabel"]').trigger('click');
        await settle();
        expect(calls.map((c) => c.name)).toEqual(['listShipments', 'bulkStock', 'bulkLabel']);
        expect(wrapper.find('[data-test="unit-done"]').text()).toBe('20 stocked');
        const refused = wrapper.find('[data-test="refused-serials"]');
        expect(refused.find('[data-serial="B1.1"]').text()).toBe('B1.1: batch B1 is on hold');
        expect(refused.text()).toContain('and 19 more serials refused');
    });

    it('offers a carrier no unit action: the rules table gives bulk steps at the shelf to retailers', async () => {
        const { wrapper } = mountPanel('carrier', async () => received);
        await settle();
        expect(wrapper.find(`[data-sscc="${SSCC}"] button`).exists()).toBe(false);
    });
});
