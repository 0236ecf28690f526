import { API_BASE, ApiProblemError, Problem } from '@coldtrace/api/contract';

/**
 * One raw reading of a sensor as the telemetry store keeps it (the device payload of issue 5). The
 * telemetry routes are not in the API contract; these types mirror what they answer.
 */
export interface TelemetryReading {
    sensorId: string;
    seq: number;
    ts: string;
    tempC: number;
    humidity?: number;
    lat?: number;
    lon?: number;
}

/** `GET /shipments/{id}/telemetry`: readings in event-time order; `next` pages on. */
interface TelemetryPage {
    shipmentId: string;
    items: TelemetryReading[];
    next?: string;
}

/** One stored window checked against the digest anchored on the ledger. */
export interface WindowVerification {
    sensorId: string;
    windowStart: string;
    windowEnd: string;
    verdict: string;
    alteredReadings?: Array<{ sensorId: string; seq: number }>;
}

/** `GET /shipments/{id}/telemetry/verify`: intact when no window mismatches or misses readings. */
export interface TelemetryVerification {
    shipmentId: string;
    intact: boolean;
    windows: WindowVerification[];
}

/** Readings drawn at most: a day of one reading a minute from a handful of sensors. */
const MAX_READINGS = 20_000;

/**
 * Calls a telemetry route of the API with the session's token. A missing telemetry store (404 on
 * the route itself) answers `undefined` so the UI can say so instead of failing the whole page.
 */
async function telemetryGet<T>(path: string, token: string | undefined): Promise<T | undefined> {
    const response = await fetch(`${API_BASE}${path}`, { headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
    const text = await response.text();
    if (!response.ok) {
        const parsed = Problem.safeParse(safeJson(text));
        if (parsed.success && parsed.data.code === 'ROUTE_NOT_FOUND') {
            return undefined;
        }
        throw new ApiProblemError(
            parsed.success ? parsed.data : { type: 'about:blank', title: 'Unexpected response', status: response.status, code: 'INTERNAL', detail: text.slice(0, 300) || `HTTP ${response.status}` },
        );
    }
    return safeJson(text) as T;
}

/** The readings of a shipment, oldest first (up to {@link MAX_READINGS}); `undefined` when this API has no telemetry store. */
export async function fetchTelemetry(shipmentId: string, token: string | undefined): Promise<TelemetryReading[] | undefined> {
    const readings: TelemetryReading[] = [];
    let after: string | undefined;
    do {
        const query = new URLSearchParams({ limit: '10000', ...(after ? { after } : {}) });
        const page = await telemetryGet<TelemetryPage>(`/shipments/${encodeURIComponent(shipmentId)}/telemetry?${query}`, token);
        if (page === undefined) {
            return undefined;
        }
        readings.push(...page.items);
        after = page.next;
    } while (after && readings.length < MAX_READINGS);
    return readings;
}

/** Checks a shipment's stored readings against the digests anchored on the ledger. */
export function verifyTelemetry(shipmentId: string, token: string | undefined): Promise<TelemetryVerification | undefined> {
    return telemetryGet<TelemetryVerification>(`/shipments/${encodeURIComponent(shipmentId)}/telemetry/verify`, token);
}

function safeJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}
