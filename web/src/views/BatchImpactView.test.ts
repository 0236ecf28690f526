import { ApiProblemError, type BatchImpact } from '@coldtrace/api/contract';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DIRECTORY } from '../test-support/members';
import { mountInApp, settle } from '../test-support/mount-in-app';
import BatchImpactView from './BatchImpactView.vue';

const impact: BatchImpact = {
    batch: { batchId: 'B1', gtin: '09506000134352', productName: 'Influenza vaccine', manufacturer: 'ManufacturerMSP', serialCount: 3 },
    anomalies: [],
    totals: {
        units: 3,
        sold: 1,
        held: 0,
        excursion: 0,
        byState: { packed: 1, stocked: 1, sold: 1 },
        byCustodian: { ManufacturerMSP: { units: 1, byState: { packed: 1 } }, RetailerMSP: { units: 2, byState: { stocked: 1, sold: 1 } } },
        byOwner: { ManufacturerMSP: 1, RetailerMSP: 2 },
    },
    matching: 3,
    offset: 0,
    limit: 100,
    units: [
        {
            serial: 'B1.1',
            state: 'sold',
            owner: 'RetailerMSP',
            custodian: 'RetailerMSP',
            lastShipmentId: 'SH-1',
            sold: true,
            hold: 'none',
            excursion: false,
            updatedAt: 'x',
            lastPosition: { lat: 52.1, lon: 4.3, at: '2026-01-05T08:20:00.000Z', sensorId: 'T-1' },
        },
        { serial: 'B1.2', state: 'stocked', owner: 'RetailerMSP', custodian: 'RetailerMSP', lastShipmentId: 'SH-1', sold: false, hold: 'none', excursion: true, updatedAt: 'x' },
        { serial: 'B1.3', state: 'packed', owner: 'ManufacturerMSP', custodian: 'ManufacturerMSP', sold: false, hold: 'none', excursion: false, updatedAt: 'x' },
    ],
};

async function openImpact(api: (name: string, input: unknown) => Promise<unknown>) {
    const mounted = mountInApp(BatchImpactView, { role: 'manufacturer', members: DIRECTORY, api });
    await mounted.wrapper.vm.$router.push({ name: 'impact', params: { batchId: 'B1' } });
    await settle();
    return mounted;
}

describe('BatchImpactView', () => {
    afterEach(() => vi.restoreAllMocks());

    it('shows the totals per custodian and state, and every unit with its holder and last position', async () => {
        const { wrapper, calls } = await openImpact(async () => impact);
        expect(calls.find((c) => c.name === 'batchImpact')!.input).toEqual({ params: { batchId: 'B1' }, query: { offset: 0, limit: 100 } });
        expect(wrapper.find('h1').text()).toBe('Impact of batch B1');
        expect(wrapper.find('[data-test="impact-summary"]').text()).toBe('3 units · 1 sold · 0 on hold · 0 with an excursion');
        const orgs = wrapper.findAll('[data-test="impact-org"]').map((row) => row.findAll('td').map((td) => td.text()));
        expect(orgs).toEqual([
            ['Northwind Pharma', '1', '1', '0', '0'],
            ['Harbour Pharmacy', '2', '0', '1', '1'],
        ]);
        const units = wrapper.findAll('[data-test="impact-unit"]');
        expect(units.map((u) => u.attributes('data-serial'))).toEqual(['B1.1', 'B1.2', 'B1.3']);
        expect(units[0]?.find('[data-test="impact-position"]').text()).toContain('52.1000, 4.3000');
        expect(units[1]?.text()).toContain('excursion');
    });

    it('asks the API again with the filter the user chose', async () => {
        const { wrapper, calls } = await openImpact(async () => impact);
        await wrapper.find('[data-test="impact-filter-custodian"]').setValue('RetailerMSP');
        await wrapper.find('[data-test="impact-filter-sold"]').setValue('false');
        await settle();
        expect(calls.filter((c) => c.name === 'batchImpact').at(-1)!.input).toEqual({
            params: { batchId: 'B1' },
            query: { custodian: 'RetailerMSP', sold: 'false', offset: 0, limit: 100 },
        });
    });

    it('downloads the filtered units as CSV with the signed-in user’s token', async () => {
        const { wrapper, session } = await openImpact(async () => impact);
        const text = vi.fn(async () => 'serial,state\r\nB1.1,sold\r\n');
        session.client.text = text;
        const createObjectURL = vi.fn(() => 'blob:impact');
        Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
        const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
        await wrapper.find('[data-test="impact-filter-state"]').setValue('sold');
        await settle();
        await wrapper.find('[data-test="impact-csv"]').trigger('click');
        await settle();
        expect(text).toHaveBeenCalledWith('batchImpact', { params: { batchId: 'B1' }, query: { state: 'sold', format: 'csv' } }, 'text/csv');
        expect(createObjectURL).toHaveBeenCalledOnce();
        expect(click).toHaveBeenCalledOnce();
        expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe('impact-B1.csv');
    });

    it('says why when the chaincode does not show the batch to the caller', async () => {
        const { wrapper } = await openImpact(async (name) => {
            if (name === 'batchImpact') {
                throw new ApiProblemError({
                    type: 'x',
                    title: 'Forbidden',
                    status: 403,
                    code: 'FORBIDDEN',
                    detail: 'batch B1 is not visible to Retailer2MSP, which never held one of its serials',
                });
            }
            return [];
        });
        expect(wrapper.find('[data-test="error"]').text()).toContain('batch B1 is not visible to Retailer2MSP');
        expect(wrapper.find('[data-test="impact-units"]').exists()).toBe(false);
    });
});
