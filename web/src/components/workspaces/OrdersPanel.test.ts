import type { Order } from '@coldtrace/chaincode/model';
import { describe, expect, it } from 'vitest';
import { mountInApp, settle } from '../../test-support/mount-in-app';
import OrdersPanel from './OrdersPanel.vue';

const order: Order = {
    docType: 'order',
    orderId: 'O-1',
    gtin: '09506000134352',
    quantity: 4,
    retailer: 'RetailerMSP',
    manufacturer: 'ManufacturerMSP',
    carrier: 'CarrierMSP',
    state: 'accepted',
    quantityShipped: 2,
    quantityReceived: 2,
    shipmentIds: ['S-1', 'S-2'],
    hasTerms: false,
    parties: ['RetailerMSP', 'ManufacturerMSP', 'CarrierMSP'],
    timeline: [],
    updatedBy: { org: 'RetailerMSP', user: 'retailer' },
    updatedAt: '2026-01-01T00:00:00.000Z',
    txId: 'tx',
};

describe('OrdersPanel', () => {
    it('shows how much of an order shipped in several shipments has been shipped and received', async () => {
        const { wrapper } = mountInApp(OrdersPanel, { role: 'retailer', props: { emptyMessage: 'none' }, api: async () => ({ items: [order], bookmark: '', count: 1 }) });
        await settle();
        const row = wrapper.find('[data-order="O-1"]');
        expect(row.find('[data-test="order-state"]').text()).toBe('accepted');
        expect(row.find('[data-test="order-progress"]').text()).toBe('2 shipped · 2 received');
    });

    it('keeps an order it lists by state after the order moves on to another listed state (the manufacturer’s open orders)', async () => {
        const placed: Order = { ...order, orderId: 'O-2', state: 'placed', quantityShipped: 0, quantityReceived: 0, shipmentIds: [] };
        const byState = async (_name: string, input: unknown) => {
            const state = (input as { query: { state?: string } }).query.state;
            const items = [order, placed].filter((o) => o.state === state);
            return { items, bookmark: '', count: items.length };
        };
        const { wrapper } = mountInApp(OrdersPanel, { role: 'manufacturer', props: { emptyMessage: 'none', states: ['placed', 'accepted'] }, api: byState });
        await settle();
        expect(wrapper.findAll('[data-test="order-row"]').map((row) => row.attributes('data-order'))).toEqual(['O-2', 'O-1']);
    });
});
