import { describe, expect, it } from 'vitest';
import { DIRECTORY } from '../../test-support/members';
import { mountInApp, settle } from '../../test-support/mount-in-app';
import OrderForm from './OrderForm.vue';

async function place(unitPrice: string, currency: string, manufacturer = 'Manufacturer2MSP') {
    const mounted = mountInApp(OrderForm, { role: 'retailer', members: DIRECTORY, api: async () => ({ orderId: 'O-1' }) });
    const { wrapper } = mounted;
    await settle();
    await wrapper.find('[data-test="order-gtin"]').setValue('09506000134352');
    await wrapper.find('[data-test="order-quantity"]').setValue('4');
    await wrapper.find('[data-test="order-manufacturer"]').setValue(manufacturer);
    await wrapper.find('[data-test="order-price"]').setValue(unitPrice);
    await wrapper.find('[data-test="order-currency"]').setValue(currency);
    await wrapper.find('[data-test="order-form"]').trigger('submit');
    await settle();
    return mounted;
}

describe('OrderForm', () => {
    it('offers the active manufacturers by display name, the MSP id in the title', async () => {
        const { wrapper } = mountInApp(OrderForm, { role: 'retailer', members: DIRECTORY });
        await settle();
        const options = wrapper.findAll('[data-test="order-manufacturer"] option').filter((o) => o.attributes('value'));
        expect(options.map((o) => [o.text(), o.attributes('value'), o.attributes('title')])).toEqual([
            ['Alpine Biologics', 'Manufacturer2MSP', 'Manufacturer2MSP'],
            ['Northwind Pharma', 'ManufacturerMSP', 'ManufacturerMSP'],
        ]);
    });

    it('sends the chosen manufacturer’s MSP id and the price as the decimal string typed, with its currency', async () => {
        const { calls, wrapper } = await place('12.50', 'eur');
        expect(calls).toEqual([
            { name: 'listOrganizations', input: undefined },
            { name: 'placeOrder', input: { body: { gtin: '09506000134352', quantity: 4, manufacturer: 'Manufacturer2MSP', unitPrice: '12.50', currency: 'EUR' } } },
        ]);
        expect(wrapper.find('[data-test="result"]').attributes('data-order')).toBe('O-1');
    });

    it('refuses more decimals than the currency has, before any call', async () => {
        const { calls, wrapper } = await place('1200.5', 'JPY');
        expect(calls.map((c) => c.name)).toEqual(['listOrganizations']);
        expect(wrapper.text()).toContain('JPY takes no decimals');
    });
});
