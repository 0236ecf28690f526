import type { LastPosition } from '../contract/impact-payloads';
import type { TelemetryStore } from '@coldtrace/telemetry';

/**
 * Where each shipment was last seen, from the telemetry store, each shipment looked up once; nothing
 * when the server runs without the telemetry pipeline or the shipment had no sensor reporting.
 *
 * @example
 * const positions = new LastPositions(store);
 * positions.of('S1'); // { lat: 52.1, lon: 4.3, at: '2026-11-20T10:00:00.000Z', sensorId: 'T-1' }
 */
export class LastPositions {
    readonly #known = new Map<string, LastPosition | undefined>();

    constructor(private readonly store: Pick<TelemetryStore, 'lastReading'> | undefined) {}

    of(shipmentId: string | undefined): LastPosition | undefined {
        if (!shipmentId || !this.store) {
            return undefined;
        }
        if (!this.#known.has(shipmentId)) {
            const reading = this.store.lastReading(shipmentId);
            this.#known.set(shipmentId, reading && { lat: reading.lat, lon: reading.lon, at: reading.ts, sensorId: reading.sensorId });
        }
        return this.#known.get(shipmentId);
    }
}
