import { API_BASE, ApiProblemError, Problem } from '@coldtrace/api/contract';

/**
 * One raw reading of a sensor as the telemetry store keeps it (issue 5's device payload). Until
 * the API contract declares the telemetry routes, this is the one shape the UI relies on.
 */
export interface TelemetryReading {
    sensorId: string;
    seq?: number;
    ts: string;
    tempC: number;
    humidity?: number;
    lat?: number;
    lon?: number;
}

/** The answer of the telemetry verify route: which stored windows still match their anchored root. */
export interface TelemetryVerification {
    ok: boolean;
    [detail: string]: unknown;
}

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

/** The readings of a shipment, oldest first; `undefined` when this API has no telemetry store. */
export async function fetchTelemetry(shipmentId: string, token: string | undefined): Promise<TelemetryReading[] | undefined> {
    const answer = await telemetryGet<TelemetryReading[] | { items?: TelemetryReading[]; readings?: TelemetryReading[] }>(`/shipments/${encodeURIComponent(shipmentId)}/telemetry`, token);
    if (answer === undefined) {
        return undefined;
    }
    const readings = Array.isArray(answer) ? answer : (answer.readings ?? answer.items ?? []);
    return [...readings].sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
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
