import type { Shipment } from '@coldtrace/chaincode/model';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString();
const readings = [4, 5, 11, 12, 6].map((tempC, i) => ({ sensorId: 'S-1', seq: i, ts: at(i * 5), tempC, lat: 35.68 - i * 0.2, lon: 139.76 - i * 0.8 }));

function respond(status: number, body: unknown): Response {
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('ShipmentCard', () => {
    afterEach(() => vi.unstubAllGlobals());

    it('charts the raw readings with the excursion and draws the route to the last known position', async () => {
        const fetch = vi.fn(async (_url: string) => respond(200, { shipmentId: 'SH1', items: readings }));
        vi.stubGlobal('fetch', fetch);
        const { wrapper, calls } = mountInApp(ShipmentCard, {
            role: 'carrier',
            props: { shipment, profile: { minC: 2, maxC: 8, maxExcursionMinutes: 30 } },
            api: async () => [{ excursionId: 'E1', kind: 'high', startAt: at(10), endAt: at(15), peakC: 12 }],
        });
        await vi.waitFor(async () => {
            await settle();
            expect(wrapper.find('[data-test="route-line"]').exists()).toBe(true);
        });
        expect(String(fetch.mock.calls[0]![0])).toContain('/api/v1/shipments/SH1/telemetry?limit=10000');
        expect(calls.map((c) => c.name)).toEqual(['listExcursions']);
        expect(wrapper.findAll('[data-test="outside-point"]')).toHaveLength(2);
        expect(wrapper.findAll('[data-test="excursion-span"]')).toHaveLength(1);
        expect(wrapper.find('[data-test="last-position"]').exists()).toBe(true);
        expect(wrapper.text()).not.toContain('keeps no raw readings');
    });

    it('falls back to the digest windows anchored on the ledger when the API has no telemetry store', async () => {
        vi.stubGlobal('fetch', vi.fn(async () => respond(404, { type: 'x', title: 'Not found', status: 404, code: 'ROUTE_NOT_FOUND', detail: 'no route' })));
        const { wrapper, calls } = mountInApp(ShipmentCard, {
            role: 'carrier',
            props: { shipment, profile: { minC: 2, maxC: 8, maxExcursionMinutes: 30 }, excursions: [] },
            api: async () => [{ windowStart: at(0), windowEnd: at(15), minC: 3, maxC: 9, sensorId: 'S-1', count: 15 }],
        });
        await vi.waitFor(async () => {
            await settle();
            expect(wrapper.text()).toContain('keeps no raw readings');
        });
        expect(calls.map((c) => c.name)).toEqual(['listDigests']);
        expect(wrapper.find('[data-test="temperature-chart"]').exists()).toBe(true);
    });

    it('shows a telemetry refusal in words', async () => {
        vi.stubGlobal('fetch', vi.fn(async () => respond(403, { type: 'x', title: 'Forbidden', status: 403, code: 'FORBIDDEN', detail: 'RetailerMSP may not read shipment SH1' })));
        const { wrapper } = mountInApp(ShipmentCard, { role: 'retailer', props: { shipment, profile: { minC: 2, maxC: 8, maxExcursionMinutes: 30 }, excursions: [] }, api: async () => [] });
        await vi.waitFor(async () => {
            await settle();
            expect(wrapper.find('[data-test="error"]').text()).toContain('RetailerMSP may not read shipment SH1');
        });
    });
});
