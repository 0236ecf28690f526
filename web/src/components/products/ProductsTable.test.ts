import { ApiProblemError } from '@coldtrace/api/contract';
import type { ProductView } from '@coldtrace/chaincode/model';
import { describe, expect, it } from 'vitest';
import { useFixedClock } from '../../test-support/fixed-clock';
import { mountInApp, settle } from '../../test-support/mount-in-app';
import ProductsTable from './ProductsTable.vue';

const at = '2026-11-22T10:00:00.000Z';
function product(serial: string, state: ProductView['state'], steps: string[]): ProductView {
    return {
        serial,
        state,
        batchId: 'B1',
        flags: { excursion: false, anomaly: serial === 'S2' },
        timeline: steps.map((s) => ({ state: s, at, org: 'ManufacturerMSP', user: 'm', txId: `tx-${s}` })),
    } as unknown as ProductView;
}

describe('ProductsTable', () => {
    useFixedClock('2026-11-22T10:03:00.000Z');

    it('shows the workshop columns, relative times and the step the role may take', async () => {
        const { wrapper } = mountInApp(ProductsTable, {
            role: 'retailer',
            api: async () => ({
                items: [product('S1', 'received', ['manufactured', 'inspected', 'packed', 'shipped', 'received']), product('S2', 'sold', ['manufactured'])],
                bookmark: '',
                count: 2,
            }),
        });
        await settle();
        const headers = wrapper.findAll('th').map((th) => th.text());
        expect(headers).toEqual(['SERIAL NUMBER', 'CURRENT STATE', 'MANUFACTURED', 'INSPECTED', 'SHIPPED', 'STOCKED', 'LABELED', 'SOLD', 'ACTION']);
        const rows = wrapper.findAll('[data-test="product-row"]');
        expect(rows).toHaveLength(2);
        expect(rows[0]?.find('[data-test="row-stock"]').exists()).toBe(true);
        expect(rows[0]?.findAll('td')[3]?.text()).toBe('3 minutes ago');
        expect(rows[0]?.findAll('td')[5]?.text()).toBe('');
        expect(rows[1]?.find('button').exists()).toBe(false);
        expect(rows[1]?.text()).toContain('on hold');
    });

    it('offers no label or sell step on a product whose batch an open anomaly holds', async () => {
        const { wrapper } = mountInApp(ProductsTable, {
            role: 'retailer',
            api: async () => ({
                items: [product('S1', 'stocked', ['manufactured']), product('S2', 'stocked', ['manufactured']), product('S3', 'labeled', ['manufactured'])],
                bookmark: '',
                count: 3,
            }),
        });
        await settle();
        const rows = wrapper.findAll('[data-test="product-row"]');
        expect(rows[0]?.find('[data-test="row-label"]').exists()).toBe(true);
        expect(rows[1]?.text()).toContain('on hold');
        expect(rows[1]?.find('button').exists()).toBe(false);
        expect(wrapper.find('[data-test="bulk-action"]').exists()).toBe(false);
    });

    it('shows the chaincode’s refusal in words on the row and keeps the row unchanged', async () => {
        const { wrapper, calls } = mountInApp(ProductsTable, {
            role: 'manufacturer',
            api: async (name) => {
                if (name === 'listProducts') {
                    return { items: [product('S1', 'manufactured', ['manufactured'])], bookmark: '', count: 1 };
                }
                throw new ApiProblemError({ type: 'x', title: 'Conflict', status: 409, code: 'CONFLICT', detail: 'product S1 is already inspected' });
            },
        });
        await settle();
        await wrapper.find('[data-test="row-inspect"]').trigger('click');
        await settle();
        expect(calls.map((c) => c.name)).toEqual(['listProducts', 'inspectProduct']);
        expect(calls[1]?.input).toEqual({ params: { serial: 'S1' } });
        const error = wrapper.find('[data-test="product-row"] [data-test="error"]');
        expect(error.text()).toContain('Not possible in the current state');
        expect(error.text()).toContain('product S1 is already inspected');
        expect(wrapper.find('[data-test="row-state"]').text()).toBe('manufactured');
    });

    it('takes the step every row offers on all of them in one bulk call, then reads the page again', async () => {
        let stocked = false;
        const { wrapper, calls } = mountInApp(ProductsTable, {
            role: 'retailer',
            api: async (name) => {
                if (name === 'bulkStock') {
                    stocked = true;
                    return { step: 'stock', state: 'stocked', count: 2, batchIds: ['B1'] };
                }
                const state = stocked ? 'stocked' : 'received';
                return { items: [product('S1', state, ['manufactured']), product('S3', state, ['manufactured'])], bookmark: '', count: 2 };
            },
        });
        await settle();
        expect(wrapper.find('[data-test="bulk-action"]').text()).toBe('Stock ×2');
        await wrapper.find('[data-test="bulk-action"]').trigger('click');
        await settle();
        expect(calls.map((c) => c.name)).toEqual(['listProducts', 'bulkStock', 'listProducts']);
        expect(calls[1]?.input).toEqual({ body: { serials: ['S1', 'S3'] } });
        expect(wrapper.findAll('[data-test="row-state"]').map((s) => s.text())).toEqual(['stocked', 'stocked']);
    });

    it('pages with the bookmark the API answered', async () => {
        const { wrapper, calls } = mountInApp(ProductsTable, {
            role: 'auditor',
            api: async () => ({ items: [product('S1', 'sold', ['manufactured'])], bookmark: 'next-1', count: 1 }),
        });
        await settle();
        await wrapper.find('[data-test="next-page"]').trigger('click');
        await settle();
        expect((calls[1]?.input as { query: { bookmark: string } }).query.bookmark).toBe('next-1');
    });

    it('explains what to do when there are no products', async () => {
        const { wrapper } = mountInApp(ProductsTable, {
            role: 'manufacturer',
            props: { emptyMessage: 'Create a batch' },
            api: async () => ({ items: [], bookmark: '', count: 0 }),
        });
        await settle();
        expect(wrapper.find('[data-test="empty"]').text()).toContain('Create a batch');
    });

    it('marks recalled units with the recall’s class and offers their holder the return', async () => {
        const recalled = {
            ...product('S3', 'stocked', ['manufactured']),
            owner: 'TestMSP',
            custodian: 'TestMSP',
            flags: { excursion: false, anomaly: true, recall: { status: 'recalled', recallClass: 'II', anomalyId: 'A1' } },
        } as ProductView;
        const sold = {
            ...product('S4', 'sold', ['manufactured']),
            flags: { excursion: false, anomaly: true, recall: { status: 'sold_before_recall', recallClass: 'II', anomalyId: 'A1' } },
        } as ProductView;
        const { wrapper } = mountInApp(ProductsTable, { role: 'retailer', api: async () => ({ items: [recalled, sold], bookmark: '', count: 2 }) });
        await settle();
        const rows = wrapper.findAll('[data-test="product-row"]');
        expect(rows[0]?.find('[data-test="row-recall"]').text()).toBe('recall II: to return or destroy');
        expect(rows[0]?.find('[data-test="row-return"]').exists()).toBe(true);
        expect(rows[1]?.find('[data-test="row-recall"]').text()).toBe('recall II: sold before recall');
        expect(rows[1]?.find('button').exists()).toBe(false);
    });
});
