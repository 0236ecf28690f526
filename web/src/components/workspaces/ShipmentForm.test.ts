import { describe, expect, it } from 'vitest';
import { DIRECTORY, member } from '../../test-support/members';
import { mountInApp, settle } from '../../test-support/mount-in-app';
import ShipmentForm from './ShipmentForm.vue';

const api = async (name: string) => (name === 'listOrders' ? { items: [{ orderId: 'O-7' }], bookmark: '', count: 1 } : { shipmentId: 'SH-9' });

describe('ShipmentForm', () => {
    it('offers only active members holding the carrier role, by display name', async () => {
        const { wrapper } = mountInApp(ShipmentForm, { role: 'manufacturer', members: DIRECTORY, api, props: { handlingUnits: ['095060001000000012'] } });
        await settle();
        const options = wrapper.findAll('[data-test="shipment-carrier"] option').filter((o) => o.attributes('value'));
        // Fjord Freight is suspended; Harbour Pharmacy is a retailer that also carries.
        expect(options.map((o) => [o.text(), o.attributes('value')])).toEqual([
            ['Harbour Pharmacy', 'RetailerMSP'],
            ['Polar Express Logistics', 'CarrierMSP'],
        ]);
    });

    it('sends the chosen carrier’s MSP id, reading the directory once', async () => {
        const { wrapper, calls } = mountInApp(ShipmentForm, { role: 'manufacturer', members: DIRECTORY, api, props: { handlingUnits: ['095060001000000012'] } });
        await settle();
        await wrapper.find('[data-test="shipment-carrier"]').setValue('CarrierMSP');
        await wrapper.find('[data-test="shipment-form"]').trigger('submit');
        await settle();
        expect(calls.filter((c) => c.name === 'listOrganizations')).toHaveLength(1);
        expect(calls.find((c) => c.name === 'createShipment')!.input).toEqual({ body: { orderId: 'O-7', handlingUnits: ['095060001000000012'], carrier: 'CarrierMSP' } });
        expect(wrapper.find('[data-test="result"]').attributes('data-shipment')).toBe('SH-9');
    });

    it('chooses the only carrier there is', async () => {
        const members = [...DIRECTORY.slice(0, 1), member({ mspId: 'CarrierMSP', roles: ['carrier'], displayName: 'Polar Express Logistics' })];
        const { wrapper } = mountInApp(ShipmentForm, { role: 'manufacturer', members, api });
        await settle();
        expect((wrapper.find('[data-test="shipment-carrier"]').element as HTMLSelectElement).value).toBe('CarrierMSP');
    });
});
