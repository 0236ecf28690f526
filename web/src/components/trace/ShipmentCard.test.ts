import { ApiProblemError } from '@coldtrace/api/contract';
import type { Shipment } from '@coldtrace/chaincode/model';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../test-support/eventually';
import { DIRECTORY } from '../../test-support/members';
import { mountInApp, settle } from '../../test-support/mount-in-app';
import ShipmentCard from './ShipmentCard.vue';

const shipment = {
    shipmentId: 'SH1',
    orderId: 'O1',
    from: 'ManufacturerMSP',
    to: 'RetailerMSP',
    carrier: 'CarrierMSP',
    state: 'in_transit',
    handlingUnits: [],
    sensors: [{ sensorId: 'S-1', attachedAt: '2026-01-01T00:00:00Z' }],
} as unknown as Shipment;
const profile = { minC: 2, maxC: 8, maxExcursionMinutes: 30 };
const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString();
const readings = [4, 5, 11, 12, 6].map((tempC, i) => ({ sensorId: 'S-1', seq: i, ts: at(i * 5), tempC, lat: 35.68 - i * 0.2, lon: 139.76 - i * 0.8 }));
const problem = (status: number, code: string, detail: string) => new ApiProblemError({ type: 'x', title: code, status, code, detail });

describe('ShipmentCard', () => {
    it('charts the raw readings with the excursion and draws the route to the last known position', async () => {
        const { wrapper, calls } = mountInApp(ShipmentCard, {
            role: 'carrier',
            props: { shipment, profile },
            api: async (name) =>
                name === 'shipmentTelemetry' ? { shipmentId: 'SH1', items: readings } : [{ excursionId: 'E1', kind: 'high', startAt: at(10), endAt: at(15), peakC: 12 }],
        });
        await eventually(async () => {
            await settle();
            expect(wrapper.find('[data-test="route-line"]').exists()).toBe(true);
        });
        expect(calls.map((c) => c.name).sort()).toEqual(['listExcursions', 'shipmentTelemetry']);
        expect(calls.find((c) => c.name === 'shipmentTelemetry')!.input).toEqual({ params: { shipmentId: 'SH1' }, query: { limit: 10_000, after: undefined } });
        expect(wrapper.findAll('[data-test="outside-point"]')).toHaveLength(2);
        expect(wrapper.findAll('[data-test="excursion-span"]')).toHaveLength(1);
        expect(wrapper.find('[data-test="last-position"]').exists()).toBe(true);
        expect(wrapper.text()).not.toContain('keeps no raw readings');
    });

    it('falls back to the digest windows anchored on the ledger when the server runs without telemetry', async () => {
        const { wrapper, calls } = mountInApp(ShipmentCard, {
            role: 'carrier',
            props: { shipment, profile, excursions: [] },
            api: async (name) => {
                if (name === 'shipmentTelemetry') {
                    throw problem(503, 'TELEMETRY_UNAVAILABLE', 'this server runs without the telemetry pipeline');
                }
                return [{ windowStart: at(0), windowEnd: at(15), minC: 3, maxC: 9, sensorId: 'S-1', count: 15 }];
            },
        });
        await eventually(async () => {
            await settle();
            expect(wrapper.text()).toContain('keeps no raw readings');
        });
        expect(calls.map((c) => c.name)).toEqual(['shipmentTelemetry', 'listDigests']);
        expect(wrapper.find('[data-test="temperature-chart"]').exists()).toBe(true);
    });

    it('shows a refusal in words', async () => {
        const { wrapper } = mountInApp(ShipmentCard, {
            role: 'retailer',
            props: { shipment, profile, excursions: [] },
            api: async () => {
                throw problem(403, 'FORBIDDEN', 'RetailerMSP may not read shipment SH1');
            },
        });
        await eventually(async () => {
            await settle();
            expect(wrapper.find('[data-test="error"]').text()).toContain('RetailerMSP may not read shipment SH1');
        });
    });

    it('names the carrier and the route’s organizations by display name, the MSP id in the title', async () => {
        const { wrapper } = mountInApp(ShipmentCard, {
            role: 'retailer',
            members: DIRECTORY,
            props: { shipment, profile, excursions: [] },
            api: async () => ({ shipmentId: 'SH1', items: [] }),
        });
        await settle();
        const carrier = wrapper.find('[data-test="shipment-carrier-name"]');
        expect(carrier.text()).toBe('Polar Express Logistics');
        expect(carrier.attributes('title')).toBe('CarrierMSP');
        expect(wrapper.text()).toContain('Northwind Pharma → Harbour Pharmacy');
        expect(wrapper.text()).not.toContain('MSP');
    });
});
