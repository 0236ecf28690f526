import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { connectTls } from '@coldtrace/telemetry';
import { createDeviceKey } from '@coldtrace/iot-sensor';
import { apiSuite, assertProblem } from './harness/api-suite';
import { shipmentInTransit } from './harness/api-shipments';
import { eventually, readingsOf } from './sensors/pipeline-fixture';

apiSuite('HTTP API: sensors and telemetry, through the server’s own mTLS broker and detector', (ctx) => {
    const sensorId = `HTTP-S-${Date.now().toString(36).toUpperCase()}`;

    it('registers a sensor for a carrier, once, and refuses other organizations and bad ids', async () => {
        const { api } = ctx;
        const created = await api.as('carrier').call('registerSensor', { body: { sensorId } });
        assert.equal(created.owner, 'CarrierMSP');
        assert.equal(created.registeredBy, 'carrier');
        await assertProblem(api, () => api.as('carrier').call('registerSensor', { body: { sensorId } }), 409, 'SENSOR_EXISTS');
        await assertProblem(api, () => api.as('retailer').call('registerSensor', { body: { sensorId: `${sensorId}-R` } }), 403, 'FORBIDDEN');
        await assertProblem(
            api,
            () => api.as('carrier').call('registerSensor', { body: { sensorId: 'no spaces allowed', extra: 1 } as never }),
            400,
            'VALIDATION_FAILED',
            /sensorId/,
        );
    });

    it('signs a device CSR as CN=<sensorId>, and that certificate connects to the broker', async () => {
        const { api } = ctx;
        const { privateKeyPem, csrPem } = await createDeviceKey('whatever-the-device-claims');
        const issued = await api.as('carrier').call('certifySensor', { params: { sensorId }, body: { csrPem } });
        assert.match(new X509Certificate(issued.certificatePem).subject, /CN=/);
        assert.ok(new X509Certificate(issued.certificatePem).subject.includes(`CN=${sensorId}`));
        const pipeline = api.running.context.telemetry!;
        const client = await connectTls(pipeline.brokerUrl, issued.caPem, { certificatePem: issued.certificatePem, privateKeyPem }, { clientId: sensorId });
        client.end(true);
        const other = await createDeviceKey('x');
        await assertProblem(
            api,
            () => api.as('carrier').call('certifySensor', { params: { sensorId: 'NEVER-REGISTERED' }, body: { csrPem: other.csrPem } }),
            404,
            'SENSOR_NOT_FOUND',
        );
        await assertProblem(
            api,
            () => api.as('carrier').call('certifySensor', { params: { sensorId }, body: { csrPem: other.privateKeyPem } }),
            400,
            'VALIDATION_FAILED',
            /csrPem/,
        );
    });

    it('stores what a provisioned device publishes, pages it in event-time order to the parties, and verifies it', async () => {
        const { api } = ctx;
        const shipment = await shipmentInTransit(api, sensorId);
        const { privateKeyPem, csrPem } = await createDeviceKey(sensorId);
        const { certificatePem, caPem } = await api.as('carrier').call('certifySensor', { params: { sensorId }, body: { csrPem } });
        const device = await connectTls(api.running.context.telemetry!.brokerUrl, caPem, { certificatePem, privateKeyPem }, { clientId: sensorId });
        try {
            const readings = readingsOf(sensorId, Date.parse(shipment.sensors[0].attachedAt) + 1_000, [5, 6, 5, 4, 5]);
            for (const reading of [...readings].reverse()) {
                await device.publishAsync(`coldtrace/sensors/${sensorId}/telemetry`, JSON.stringify(reading), { qos: 1 });
            }
            const r = api.as('retailer');
            await eventually('readings stored', async () => (await r.call('shipmentTelemetry', { params: { shipmentId: shipment.shipmentId } })).items.length === readings.length);
            const first = await r.call('shipmentTelemetry', { params: { shipmentId: shipment.shipmentId }, query: { limit: 3 } });
            assert.deepEqual(
                first.items.map((reading) => reading.seq),
                [0, 1, 2],
            );
            const rest = await r.call('shipmentTelemetry', { params: { shipmentId: shipment.shipmentId }, query: { limit: 3, after: first.next } });
            assert.deepEqual(
                rest.items.map((reading) => reading.seq),
                [3, 4],
            );
            assert.equal(rest.next, undefined);
            const verified = await api.as('auditor').call('verifyShipmentTelemetry', { params: { shipmentId: shipment.shipmentId } });
            assert.equal(verified.intact, true);
            await assertProblem(api, () => r.call('shipmentTelemetry', { params: { shipmentId: shipment.shipmentId }, query: { limit: 0 } }), 400, 'VALIDATION_FAILED');
            await assertProblem(
                api,
                () => r.call('shipmentTelemetry', { params: { shipmentId: shipment.shipmentId }, query: { after: 'garbage' } }),
                400,
                'VALIDATION_FAILED',
                /cursor/,
            );
            await assertProblem(api, () => r.call('shipmentTelemetry', { params: { shipmentId: 'NO-SUCH-SHIPMENT' } }), 404, 'NOT_FOUND');
        } finally {
            device.end(true);
        }
    });

    it('turns a reefer failure into one excursion on the ledger that GET /trace shows, with the affected serial flagged', async () => {
        const { api } = ctx;
        const failingSensor = `${sensorId}-F`;
        await api.as('carrier').call('registerSensor', { body: { sensorId: failingSensor } });
        const shipment = await shipmentInTransit(api, failingSensor);
        const { privateKeyPem, csrPem } = await createDeviceKey(failingSensor);
        const { certificatePem, caPem } = await api.as('carrier').call('certifySensor', { params: { sensorId: failingSensor }, body: { csrPem } });
        const device = await connectTls(api.running.context.telemetry!.brokerUrl, caPem, { certificatePem, privateKeyPem }, { clientId: failingSensor });
        try {
            // 40 minutes at 12 °C on a 2–8 °C product that tolerates 30, then back in range; sent twice.
            const temps = [5, ...Array<number>(21).fill(12), 5, 5, 5];
            const readings = readingsOf(failingSensor, Date.parse(shipment.sensors[0].attachedAt) + 1_000, temps);
            for (const reading of [...readings, ...readings]) {
                await device.publishAsync(`coldtrace/sensors/${failingSensor}/telemetry`, JSON.stringify(reading), { qos: 1 });
            }
            const m = api.as('manufacturer');
            const excursions = await eventually(
                'the excursion on the ledger',
                async () => {
                    const found = await m.call('listExcursions', { params: { shipmentId: shipment.shipmentId } });
                    return found.length > 0 && found;
                },
                60_000,
            );
            assert.equal(excursions.length, 1);
            assert.equal(excursions[0].sensorId, failingSensor);
            assert.equal(excursions[0].kind, 'high');
            assert.equal(excursions[0].peakC, 12);
            const serial = excursions[0].affectedSerials[0];
            const trace = await m.call('trace', { params: { ref: serial } });
            assert.equal(trace.excursions.length, 1);
            assert.equal(trace.product.flags.excursion, true);
        } finally {
            device.end(true);
        }
    });
});
