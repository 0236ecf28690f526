import { describe, expect, it } from 'vitest';
import { mountInApp, settle } from '../../test-support/mount-in-app';
import OrderForm from './OrderForm.vue';

async function place(unitPrice: string, currency: string) {
    const mounted = mountInApp(OrderForm, { role: 'retailer', api: async () => ({ orderId: 'O-1' }) });
    const { wrapper } = mounted;
    await wrapper.find('[data-test="order-gtin"]').setValue('09506000134352');
    await wrapper.find('[data-test="order-quantity"]').setValue('4');
    await wrapper.find('[data-test="order-price"]').setValue(unitPrice);
    await wrapper.find('[data-test="order-currency"]').setValue(currency);
    await wrapper.find('[data-test="order-form"]').trigger('submit');
    await settle();
    return mounted;
}

describe('OrderForm', () => {
    it('sends the price as the decimal string typed, with its currency', async () => {
        const { calls, wrapper } = await place('12.50', 'eur');
        expect(calls).toEqual([{ name: 'placeOrder', input: { body: { gtin: '09506000134352', quantity: 4, manufacturer: 'ManufacturerMSP', unitPrice: '12.50', currency: 'EUR' } } }]);
        expect(wrapper.find('[data-test="result"]').attributes('data-order')).toBe('O-1');
    });

    it('refuses more decimals than the currency has, before any call', async () => {
        const { calls, wrapper } = await place('1200.5', 'JPY');
        expect(calls).toEqual([]);
        expect(wrapper.text()).toContain('JPY takes no decimals');
    });
});
