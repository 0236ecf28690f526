import { type Request, Router } from 'express';
import type { LedgerIdentity } from '../../ledger/ledger';
import type { SensorRegistry } from '../provisioning/sensor-registry';
import { parseRequest, userOf } from './parse-request';
import { CertificateRequestBody, RegisterSensorBody, SensorParams } from './sensor-payloads';

export interface SensorRouterDeps {
    registry: SensorRegistry;
    /** The authenticated caller's ledger identity (the API's auth sets it on the request). */
    identityOf: (req: Request) => LedgerIdentity;
}

/**
 * `POST /sensors {sensorId}` registers a sensor to the calling carrier (201);
 * `POST /sensors/{id}/certificate {csrPem}` signs the device's CSR with the device CA and answers
 * `{certificatePem, caPem}` (201). Mount under `/api/v1` behind authentication and a JSON body parser.
 *
 * @example
 * app.use('/api/v1', authenticate, createSensorRouter({ registry, identityOf: (req) => req.caller.identity }));
 */
export function createSensorRouter(deps: SensorRouterDeps): Router {
    const router = Router();
    router.post('/sensors', (req, res) => {
        const identity = deps.identityOf(req);
        const { sensorId } = parseRequest(RegisterSensorBody, req.body, 'body');
        res.status(201).location(`sensors/${encodeURIComponent(sensorId)}`).json(deps.registry.register(sensorId, { mspId: identity.mspId, user: userOf(identity) }));
    });
    router.post('/sensors/:id/certificate', async (req, res) => {
        const identity = deps.identityOf(req);
        const { id } = parseRequest(SensorParams, req.params, 'params');
        const { csrPem } = parseRequest(CertificateRequestBody, req.body, 'body');
        res.status(201).json(await deps.registry.certify(id, csrPem, { mspId: identity.mspId }));
    });
    return router;
}
