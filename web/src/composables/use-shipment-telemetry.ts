import type { Excursion, Shipment } from '@coldtrace/chaincode/model';
import { onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue';
import { fetchTelemetry } from '../api/telemetry';
import type { RoutePoint } from '../lib/route-geometry';
import type { ExcursionSpan, TemperatureSample } from '../lib/temperature-chart-geometry';
import { useAlerts } from '../stores/alerts';
import { useSession } from '../stores/session';
import { useAction } from './use-action';
import { useEvery } from './use-now';

/**
 * A shipment's temperatures, positions and excursions for the chart and map: raw readings from the
 * telemetry store when the API has one, else the digest windows anchored on the ledger. Reloads when
 * a ledger event names the shipment, so charts follow the live feed.
 *
 * @example
 * const { samples, points, spans } = useShipmentTelemetry(computed(() => trace.value?.shipment));
 */
export function useShipmentTelemetry(shipment: Ref<Shipment | undefined>, knownExcursions?: Ref<readonly Excursion[] | undefined>, options: { pollMs?: number } = {}) {
    const session = useSession();
    const alerts = useAlerts();
    const { busy, error, run } = useAction();
    const samples = shallowRef<TemperatureSample[]>([]);
    const points = shallowRef<RoutePoint[]>([]);
    const spans = shallowRef<ExcursionSpan[]>([]);
    const fromLedgerOnly = ref(false);

    async function load(): Promise<void> {
        const current = shipment.value;
        if (!current) {
            samples.value = [];
            points.value = [];
            spans.value = [];
            return;
        }
        const id = current.shipmentId;
        await run(async () => {
            const [readings, excursions] = await Promise.all([
                fetchTelemetry(session.client, id),
                knownExcursions?.value ?? session.client.call('listExcursions', { params: { shipmentId: id } }),
            ]);
            spans.value = excursions.map((e) => ({ id: e.excursionId, kind: e.kind, startAt: e.startAt, endAt: e.endAt, peakC: e.peakC }));
            if (readings) {
                fromLedgerOnly.value = false;
                samples.value = readings.map((r) => ({ at: r.ts, minC: r.tempC, maxC: r.tempC }));
                points.value = readings.map((r) => ({ lat: r.lat, lon: r.lon, at: r.ts }));
            } else {
                fromLedgerOnly.value = true;
                const digests = await session.client.call('listDigests', { params: { shipmentId: id } });
                samples.value = digests.map((d) => ({ at: d.windowStart, minC: d.minC, maxC: d.maxC }));
                points.value = [];
            }
        });
    }

    watch(() => [shipment.value?.shipmentId, knownExcursions?.value], load, { immediate: true });
    const stop = alerts.onEvent((event) => {
        if (shipment.value && event.ids.shipmentId === shipment.value.shipmentId) {
            void load();
        }
    });
    onBeforeUnmount(stop);
    if (options.pollMs) {
        // Raw readings arrive without a ledger event: a live view asks again while the truck drives.
        useEvery(options.pollMs, () => {
            if (shipment.value?.state === 'in_transit' && !busy.value) {
                void load();
            }
        });
    }

    return { samples, points, spans, fromLedgerOnly, busy, error, reload: load };
}
