import { strict as assert } from 'node:assert';
import { X509Certificate } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import request from 'supertest';
import { EmbeddedLedgerBackend, LedgerError, type LedgerIdentity } from '@coldtrace/api';
import { connectTls, createSensorRouter, createTelemetryRouter } from '@coldtrace/api/telemetry';
import { createDeviceKey } from '@coldtrace/iot-sensor';
import { eventually, PipelineFixture, readingsOf } from './pipeline-fixture';

describe('telemetry HTTP routes: sensors, certificates, readings, verify', function () {
    this.timeout(60_000);
    let fixture: PipelineFixture;
    let app: express.Express;
    const callers: Record<string, LedgerIdentity> = {};

    before(async () => {
        fixture = await PipelineFixture.start();
        const ledger = (fixture.harness.ledger as EmbeddedLedgerBackend).ledger;
        callers.carrier = await ledger.enroll('CarrierMSP', 'dispatch');
        callers.retailer = await ledger.enroll('RetailerMSP', 'store-7');
        callers.auditor = await ledger.enroll('AuditorMSP', 'inspector');
        // Stands in for the API's authentication: the test names the caller in a header.
        const identityOf = (req: Request) => callers[req.header('x-test-caller') ?? ''];
        app = express();
        app.use(express.json());
        app.use(createSensorRouter({ registry: fixture.pipeline.registry, identityOf }));
        app.use(createTelemetryRouter({ ledger: fixture.harness.ledger, store: fixture.pipeline.store, identityOf }));
        app.use((error: Error & { status?: number; code?: string }, _req: Request, res: Response, _next: NextFunction) => {
            const status = error instanceof LedgerError ? ({ NOT_FOUND: 404, FORBIDDEN: 403 } as Record<string, number>)[error.code] ?? 500 : error.status ?? 500;
            res.status(status).type('application/problem+json').send({ status, code: error.code, detail: error.message });
        });
    });
    after(() => fixture.close());

    const as = (caller: string) => ({
        post: (path: string, body: object) => request(app).post(path).set('x-test-caller', caller).send(body),
        get: (path: string) => request(app).get(path).set('x-test-caller', caller),
    });

    it('registers a sensor for a carrier, once, and refuses other organizations', async () => {
        const created = await as('carrier').post('/sensors', { sensorId: 'HTTP-1' }).expect(201);
        assert.equal(created.body.owner, 'CarrierMSP');
        assert.equal(created.body.registeredBy, 'dispatch');
        const again = await as('carrier').post('/sensors', { sensorId: 'HTTP-1' }).expect(409);
        assert.equal(again.body.code, 'SENSOR_EXISTS');
        assert.equal((await as('retailer').post('/sensors', { sensorId: 'HTTP-2' }).expect(403)).body.code, 'FORBIDDEN');
        const bad = await as('carrier').post('/sensors', { sensorId: 'no spaces allowed', extra: 1 }).expect(400);
        assert.equal(bad.body.code, 'INVALID_ARGUMENT');
        assert.match(bad.body.detail, /sensorId/);
        assert.equal(fixture.pipeline.registry.get('HTTP-2'), undefined);
    });

    it('signs a device CSR as CN=<sensorId>, and that certificate connects to the broker', async () => {
        await as('carrier').post('/sensors', { sensorId: 'HTTP-3' }).expect(201);
        const { privateKeyPem, csrPem } = await createDeviceKey('whatever-the-device-claims');
        const issued = await as('carrier').post('/sensors/HTTP-3/certificate', { csrPem }).expect(201);
        assert.match(new X509Certificate(issued.body.certificatePem).subject, /CN=HTTP-3/);
        assert.equal(issued.body.caPem, fixture.pipeline.ca.certificatePem);
        const client = await connectTls(fixture.pipeline.brokerUrl, issued.body.caPem, { certificatePem: issued.body.certificatePem, privateKeyPem });
        client.end(true);
    });

    it('refuses a certificate for an unregistered sensor, a broken CSR and a private key sent by mistake', async () => {
        const { csrPem, privateKeyPem } = await createDeviceKey('HTTP-4');
        assert.equal((await as('carrier').post('/sensors/HTTP-404/certificate', { csrPem }).expect(404)).body.code, 'SENSOR_NOT_FOUND');
        await as('carrier').post('/sensors', { sensorId: 'HTTP-4' }).expect(201);
        // The same request with its subject changed after signing: well-formed, but the signature fails.
        const der = Buffer.from(csrPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
        der.write('HTTP-5', der.indexOf('HTTP-4'));
        const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
        assert.match((await as('carrier').post('/sensors/HTTP-4/certificate', { csrPem: tampered }).expect(400)).body.code, /INVALID_CSR/);
        assert.equal((await as('carrier').post('/sensors/HTTP-4/certificate', { csrPem: privateKeyPem }).expect(400)).body.code, 'INVALID_ARGUMENT');
        assert.equal(fixture.pipeline.registry.get('HTTP-4')?.certificates, 0);
    });

    it('pages a shipment’s readings in event-time order and verifies them', async () => {
        const shipment = await fixture.world.shipment(1, 'in_transit');
        const stored = await fixture.harness.evaluate('carrier', 'shipment:get', [shipment.shipmentId]);
        const device = await fixture.provision(shipment.sensorId);
        const readings = readingsOf(shipment.sensorId, Date.parse(stored.sensors[0].attachedAt) + 1_000, [5, 6, 5, 4, 5]);
        await fixture.publish(await fixture.rawDevice(device), [...readings].reverse());
        await eventually('readings stored', () => fixture.pipeline.store.readings(shipment.shipmentId).length === readings.length);
        const first = await as('retailer').get(`/shipments/${shipment.shipmentId}/telemetry?limit=3`).expect(200);
        assert.deepEqual(first.body.items.map((r: { seq: number }) => r.seq), [0, 1, 2]);
        const rest = await as('retailer').get(`/shipments/${shipment.shipmentId}/telemetry?limit=3&after=${first.body.next}`).expect(200);
        assert.deepEqual(rest.body.items.map((r: { seq: number }) => r.seq), [3, 4]);
        assert.equal(rest.body.next, undefined);
        const verified = await as('auditor').get(`/shipments/${shipment.shipmentId}/telemetry/verify`).expect(200);
        assert.equal(verified.body.intact, true);
        await as('retailer').get(`/shipments/${shipment.shipmentId}/telemetry?limit=0`).expect(400);
        await as('retailer').get(`/shipments/${shipment.shipmentId}/telemetry?after=garbage`).expect(400);
        await as('retailer').get('/shipments/NO-SUCH-SHIPMENT/telemetry').expect(404);
    });
});
