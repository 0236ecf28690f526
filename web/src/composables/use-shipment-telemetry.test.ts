import type { StoredReading } from '@coldtrace/api/contract';
import type { Shipment } from '@coldtrace/chaincode/model';
import { describe, expect, it } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { useAlerts } from '../stores/alerts';
import { eventually } from '../test-support/eventually';
import { mountInApp } from '../test-support/mount-in-app';
import { useShipmentTelemetry } from './use-shipment-telemetry';

const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString();
const reading = (seq: number, minute: number) => ({ sensorId: 'S-1', seq, ts: at(minute), tempC: 5, lat: 0, lon: 0, shipmentId: 'SH1', receivedAt: at(minute) }) as StoredReading;
const shipment = { shipmentId: 'SH1', state: 'in_transit', sensors: [] } as unknown as Shipment;

/** Mounts a host of the composable whose API answers the readings in `pages`, one answer per call, and no excursions. */
function follow(pages: StoredReading[][]) {
    let shown: ReturnType<typeof useShipmentTelemetry> | undefined;
    const Host = defineComponent({
        setup() {
            shown = useShipmentTelemetry(ref(shipment));
            return () => h('div');
        },
    });
    const mounted = mountInApp(Host, { role: 'retailer', api: async (name) => (name === 'shipmentTelemetry' ? { shipmentId: 'SH1', items: pages.shift() ?? [] } : []) });
    const telemetryQueries = () => mounted.calls.filter((c) => c.name === 'shipmentTelemetry').map((c) => (c.input as { query: Record<string, unknown> }).query);
    return { ...mounted, shown: () => shown!, telemetryQueries };
}

const stored = (firstAt: string, lastAt: string, shipmentId = 'SH1') => ({ type: 'ReadingsStored', ids: { shipmentId }, parties: [], firstAt, lastAt, count: 2, at: lastAt });

describe('useShipmentTelemetry', () => {
    it('adds only the readings from the newest one shown when the stream says readings were stored, without polling', async () => {
        const { shown, telemetryQueries, calls } = follow([
            [reading(0, 0), reading(1, 5)],
            [reading(1, 5), reading(2, 10), reading(3, 15)],
        ]);
        await eventually(() => expect(shown().samples.value.map((s) => s.at)).toEqual([at(0), at(5)]));
        useAlerts().receive(stored(at(10), at(15)));
        await eventually(() => expect(shown().samples.value.map((s) => s.at)).toEqual([at(0), at(5), at(10), at(15)]));
        expect(telemetryQueries()).toEqual([
            { limit: 10_000, after: undefined },
            { limit: 10_000, after: undefined, from: at(5) },
        ]);
        expect(calls.filter((c) => c.name === 'listExcursions')).toHaveLength(1);
    });

    it('fetches from a late reading’s time when one older than the newest shown was stored, and ignores other shipments', async () => {
        const { shown, telemetryQueries } = follow([
            [reading(0, 0), reading(2, 10)],
            [reading(1, 5), reading(2, 10)],
        ]);
        await eventually(() => expect(shown().samples.value).toHaveLength(2));
        useAlerts().receive(stored(at(20), at(20), 'OTHER'));
        useAlerts().receive(stored(at(5), at(5)));
        await eventually(() => expect(shown().samples.value.map((s) => s.at)).toEqual([at(0), at(5), at(10)]));
        expect(telemetryQueries().map((q) => q.from)).toEqual([undefined, at(5)]);
    });

    it('reloads everything, excursions included, on a ledger event about the shipment', async () => {
        const { shown, calls } = follow([[reading(0, 0)], [reading(0, 0), reading(1, 5)]]);
        await eventually(() => expect(shown().samples.value).toHaveLength(1));
        useAlerts().receive({ type: 'ExcursionRecorded', ids: { shipmentId: 'SH1' }, parties: [], txId: 't1' });
        await eventually(() => expect(shown().samples.value).toHaveLength(2));
        expect(calls.filter((c) => c.name === 'listExcursions')).toHaveLength(2);
    });
});
