import { ApiProblemError, type ColdtraceClient, type StoredReading, type TelemetryVerification } from '@coldtrace/api/contract';

/** Readings drawn at most: two weeks of one reading every minute from one sensor. */
const MAX_READINGS = 20_000;

/**
 * Reads a telemetry route; a server running without the telemetry pipeline answers `undefined`
 * (the UI then says so and shows what the ledger anchored) instead of failing the whole page.
 */
async function unlessUnavailable<T>(call: () => Promise<T>): Promise<T | undefined> {
    try {
        return await call();
    } catch (error) {
        if (error instanceof ApiProblemError && error.code === 'TELEMETRY_UNAVAILABLE') {
            return undefined;
        }
        throw error;
    }
}

/**
 * A shipment's raw readings in event-time order, page after page (up to {@link MAX_READINGS}); with
 * `from`, only those taken at or after it, as a live chart asks after a `ReadingsStored` event.
 *
 * @example
 * const readings = await fetchTelemetry(session.client, 'SHIP-1'); // undefined without a telemetry store
 * const newer = await fetchTelemetry(session.client, 'SHIP-1', { from: '2026-01-01T00:05:00Z' });
 */
export function fetchTelemetry(client: Pick<ColdtraceClient, 'call'>, shipmentId: string, options: { from?: string } = {}): Promise<StoredReading[] | undefined> {
    return unlessUnavailable(async () => {
        const readings: StoredReading[] = [];
        let after: string | undefined;
        do {
            const page = await client.call('shipmentTelemetry', { params: { shipmentId }, query: { limit: 10_000, after, ...(options.from && { from: options.from }) } });
            readings.push(...page.items);
            after = page.next;
        } while (after && readings.length < MAX_READINGS);
        return readings;
    });
}

/** Checks a shipment's stored readings against the digests anchored on the ledger. */
export function verifyTelemetry(client: Pick<ColdtraceClient, 'call'>, shipmentId: string): Promise<TelemetryVerification | undefined> {
    return unlessUnavailable(() => client.call('verifyShipmentTelemetry', { params: { shipmentId } }));
}
