import type { LastPosition } from '../contract/impact-payloads';
import type { TelemetryStore } from '@coldtrace/telemetry';

/**
 * Where each shipment was last seen, from the telemetry store, each shipment looked up once; nothing
 * when the server runs without the telemetry pipeline or the shipment had no sensor reporting.
 *
 * @example
 * const positions = new LastPositions(store);
 * await positions.of('S1'); // { lat: 52.1, lon: 4.3, at: '2026-11-20T10:00:00.000Z', sensorId: 'T-1' }
 */
export class LastPositions {
    readonly #known = new Map<string, Promise<LastPosition | undefined>>();

    readonly #store: Pick<TelemetryStore, 'lastReading'> | undefined;

    constructor(store: Pick<TelemetryStore, 'lastReading'> | undefined) {
        this.#store = store;
    }

    async of(shipmentId: string | undefined): Promise<LastPosition | undefined> {
        if (!shipmentId || !this.#store) {
            return undefined;
        }
        let known = this.#known.get(shipmentId);
        if (!known) {
            // The promise is kept, so units of one shipment looked up side by side share one query.
            known = this.#store.lastReading(shipmentId).then((reading) => reading && { lat: reading.lat, lon: reading.lon, at: reading.ts, sensorId: reading.sensorId });
            this.#known.set(shipmentId, known);
        }
        return known;
    }
}
