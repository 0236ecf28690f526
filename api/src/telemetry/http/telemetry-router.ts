import { type Request, Router } from 'express';
import type { Ledger, LedgerIdentity } from '../../ledger/ledger';
import type { TelemetryStore } from '../store/telemetry-store';
import { TelemetryRequestError } from '../telemetry-request-error';
import { verifyTelemetry } from '../verify/telemetry-verification';
import { parseRequest } from './parse-request';
import { ShipmentTelemetryParams, TelemetryQuery, type TelemetryPage } from './telemetry-payloads';

export interface TelemetryRouterDeps {
    ledger: Ledger;
    store: TelemetryStore;
    identityOf: (req: Request) => LedgerIdentity;
}

/**
 * `GET /shipments/{id}/telemetry` pages a shipment's raw readings in event-time order;
 * `GET /shipments/{id}/telemetry/verify` checks every stored window against its anchored digest.
 * Both first read the shipment on the ledger as the caller, so the chaincode decides who may see
 * its telemetry (a LedgerError NOT_FOUND/FORBIDDEN otherwise).
 *
 * @example
 * app.use('/api/v1', authenticate, createTelemetryRouter({ ledger, store, identityOf: (req) => req.caller.identity }));
 */
export function createTelemetryRouter(deps: TelemetryRouterDeps): Router {
    const router = Router();
    const visibleShipment = async (req: Request) => {
        const identity = deps.identityOf(req);
        const { id } = parseRequest(ShipmentTelemetryParams, req.params, 'params');
        await deps.ledger.evaluate(identity, 'shipment:get', [id]);
        return { id, identity };
    };
    router.get('/shipments/:id/telemetry', async (req, res) => {
        const query = parseRequest(TelemetryQuery, req.query, 'query');
        const { id } = await visibleShipment(req);
        const items = deps.store.readings(id, { sensorId: query.sensorId, from: query.from, to: query.to, limit: query.limit, after: query.after ? decodeCursor(query.after) : undefined });
        const last = items[items.length - 1];
        const page: TelemetryPage = { shipmentId: id, items, ...(items.length === query.limit && last ? { next: encodeCursor(last) } : {}) };
        res.json(page);
    });
    router.get('/shipments/:id/telemetry/verify', async (req, res) => {
        const { id, identity } = await visibleShipment(req);
        res.json(await verifyTelemetry({ store: deps.store, ledger: deps.ledger, identity, shipmentId: id }));
    });
    return router;
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
        // reported below
    }
    throw new TelemetryRequestError(400, 'INVALID_ARGUMENT', 'query.after: not a cursor this API returned');
}
