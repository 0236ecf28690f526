import { type SensorRegistry, type TelemetryHealth, type TelemetryStore, verifyTelemetry } from '@coldtrace/telemetry';
import type { Ledger, LedgerIdentity } from '@coldtrace/ledger-client';
import { HttpError } from '../http-error';
import type { RouteHandlers } from './route-handlers';
import type { TelemetryIngestionAccess } from './telemetry-ingestion-handlers';

/** The parts of the running telemetry pipeline the routes read and write. */
export interface TelemetryAccess {
    registry: SensorRegistry;
    store: TelemetryStore;
    /** Whether readings can be taken in now; /healthz reports it. */
    health?: () => TelemetryHealth;
    /** HTTP ingestion and carriers' telemetry tokens. */
    ingestion: TelemetryIngestionAccess['ingestion'];
    tokens: TelemetryIngestionAccess['tokens'];
}

type TelemetryRoutes = 'registerSensor' | 'certifySensor' | 'shipmentTelemetry' | 'verifyShipmentTelemetry';

/**
 * Sensors and raw telemetry. Readings of a shipment are shown only to whom the chaincode shows the
 * shipment: each read starts with `shipment:get` as the caller. Without a running pipeline every
 * route answers 503 and says why.
 */
export function telemetryHandlers(ledger: Ledger, telemetry: TelemetryAccess | undefined): RouteHandlers<TelemetryRoutes> {
    const pipeline = (): TelemetryAccess => {
        if (!telemetry) {
            throw new HttpError(503, 'TELEMETRY_UNAVAILABLE', 'this server runs without the telemetry pipeline (started with --no-telemetry)');
        }
        return telemetry;
    };
    return {
        registerSensor: async ({ body }, { user, identity }) => {
            const { registry } = pipeline();
            await requireCarrierMember(ledger, identity);
            return registry.register(body.sensorId, { mspId: identity.mspId, user: user.username });
        },
        certifySensor: ({ params, body }, { identity }) => pipeline().registry.certify(params.sensorId, body.csrPem, { mspId: identity.mspId }),
        shipmentTelemetry: async ({ params, query }, { identity }) => {
            const { store } = pipeline();
            await ledger.evaluate(identity, 'shipment:get', [params.shipmentId]);
            const items = await store.readings(params.shipmentId, {
                sensorId: query.sensorId,
                from: query.from,
                to: query.to,
                limit: query.limit,
                after: query.after ? decodeCursor(query.after) : undefined,
            });
            const last = items[items.length - 1];
            return { shipmentId: params.shipmentId, items, ...(items.length === query.limit && last ? { next: encodeCursor(last) } : {}) };
        },
        verifyShipmentTelemetry: async ({ params }, { identity }) => {
            const { store } = pipeline();
            await ledger.evaluate(identity, 'shipment:get', [params.shipmentId]);
            return verifyTelemetry({ store, ledger, identity, shipmentId: params.shipmentId });
        },
    };
}

/** Sensors are owned by the carrier members that put them on shipments: the member directory says who is one. */
export async function requireCarrierMember(ledger: Ledger, identity: LedgerIdentity): Promise<void> {
    const member = JSON.parse(Buffer.from(await ledger.evaluate(identity, 'member:get', [identity.mspId])).toString('utf8')) as { roles?: string[] };
    if (!member.roles?.includes('carrier')) {
        throw new HttpError(403, 'FORBIDDEN', `only carrier members register sensors; ${identity.mspId} is not one`);
    }
}

function encodeCursor(reading: { ts: string; sensorId: string; seq: number }): string {
    return Buffer.from(JSON.stringify([reading.ts, reading.sensorId, reading.seq])).toString('base64url');
}

function decodeCursor(cursor: string): { ts: string; sensorId: string; seq: number } {
    try {
        const [ts, sensorId, seq] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string, number];
        if (typeof ts === 'string' && !Number.isNaN(Date.parse(ts)) && typeof sensorId === 'string' && Number.isInteger(seq)) {
            return { ts, sensorId, seq };
        }
    } catch {
        // answered below
    }
    throw new HttpError(400, 'VALIDATION_FAILED', 'query.after: not a cursor this API returned');
}
