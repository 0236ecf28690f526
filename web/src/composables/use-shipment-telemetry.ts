import { ReadingsStoredEvent, type StoredReading } from '@coldtrace/api/contract';
import type { Excursion, Shipment } from '@coldtrace/chaincode/model';
import { onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue';
import { fetchTelemetry } from '../api/telemetry';
import { fetchFrom, mergeReadings } from '../lib/merge-readings';
import type { RoutePoint } from '../lib/route-geometry';
import type { ExcursionSpan, TemperatureSample } from '../lib/temperature-chart-geometry';
import { useAlerts } from '../stores/alerts';
import { useSession } from '../stores/session';
import { useAction } from './use-action';

/**
 * A shipment's temperatures, positions and excursions for the chart and map: raw readings from the
 * telemetry store when the API has one, else the digest windows anchored on the ledger. Follows the
 * live feed: a ledger event naming the shipment reloads it all, and a `ReadingsStored` event fetches
 * only the readings from the newest one shown (or the first one stored, if earlier) and adds them.
 * Loads run one after another, so a reload and a fetch of newer readings never overwrite each other.
 *
 * @example
 * const { samples, points, spans } = useShipmentTelemetry(computed(() => trace.value?.shipment));
 */
export function useShipmentTelemetry(shipment: Ref<Shipment | undefined>, knownExcursions?: Ref<readonly Excursion[] | undefined>) {
    const session = useSession();
    const alerts = useAlerts();
    const { busy, error, run } = useAction();
    const samples = shallowRef<TemperatureSample[]>([]);
    const points = shallowRef<RoutePoint[]>([]);
    const spans = shallowRef<ExcursionSpan[]>([]);
    const fromLedgerOnly = ref(false);
    let readings: StoredReading[] = [];
    let queue: Promise<void> = Promise.resolve();

    function serially(task: () => Promise<void>): Promise<void> {
        queue = queue.then(task);
        return queue;
    }

    function show(shown: StoredReading[]): void {
        readings = shown;
        samples.value = shown.map((r) => ({ at: r.ts, minC: r.tempC, maxC: r.tempC }));
        points.value = shown.map((r) => ({ lat: r.lat, lon: r.lon, at: r.ts }));
    }

    async function load(): Promise<void> {
        const current = shipment.value;
        if (!current) {
            show([]);
            spans.value = [];
            return;
        }
        const id = current.shipmentId;
        await run(async () => {
            const [stored, excursions] = await Promise.all([
                fetchTelemetry(session.client, id),
                knownExcursions?.value ?? session.client.call('listExcursions', { params: { shipmentId: id } }),
            ]);
            spans.value = excursions.map((e) => ({ id: e.excursionId, kind: e.kind, startAt: e.startAt, endAt: e.endAt, peakC: e.peakC }));
            if (stored) {
                fromLedgerOnly.value = false;
                show(stored);
            } else {
                fromLedgerOnly.value = true;
                const digests = await session.client.call('listDigests', { params: { shipmentId: id } });
                readings = [];
                samples.value = digests.map((d) => ({ at: d.windowStart, minC: d.minC, maxC: d.maxC }));
                points.value = [];
            }
        });
    }

    async function addNewer(shipmentId: string, firstStoredAt: string): Promise<void> {
        if (shipment.value?.shipmentId !== shipmentId || fromLedgerOnly.value) {
            return;
        }
        await run(async () => {
            const newer = await fetchTelemetry(session.client, shipmentId, { from: fetchFrom(readings, firstStoredAt) });
            if (newer && shipment.value?.shipmentId === shipmentId) {
                show(mergeReadings(readings, newer));
            }
        });
    }

    watch(
        () => [shipment.value?.shipmentId, knownExcursions?.value],
        () => serially(load),
        { immediate: true },
    );
    const stop = alerts.onEvent((event) => {
        const shipmentId = shipment.value?.shipmentId;
        if (!shipmentId || event.ids.shipmentId !== shipmentId) {
            return;
        }
        const stored = ReadingsStoredEvent.safeParse(event);
        void serially(() => (stored.success ? addNewer(shipmentId, stored.data.firstAt) : load()));
    });
    onBeforeUnmount(stop);

    return { samples, points, spans, fromLedgerOnly, busy, error, reload: () => serially(load) };
}
