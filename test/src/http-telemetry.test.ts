import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { connectTls } from '@coldtrace/telemetry';
import { createDeviceKey } from '@coldtrace/iot-sensor';
import { ReadingsStoredEvent } from '@coldtrace/api/contract';
import type { ApiHarness } from './harness/api-harness';
import { apiSuite, assertProblem } from './harness/api-suite';
import { attachedMs, shipmentInTransit } from './harness/api-shipments';
import { openEvents } from './harness/event-stream';
import { eventually, readingsOf } from './sensors/pipeline-fixture';
import { at, first, last, only } from './harness/elements';

/** A shipment in transit with `sensorId` (registered already) attached, and that device connected to the server's broker. */
async function deviceOnShipment(api: ApiHarness, sensorId: string) {
    const shipment = await shipmentInTransit(api, sensorId);
    const { privateKeyPem, csrPem } = await createDeviceKey(sensorId);
    const { certificatePem, caPem } = await api.as('carrier').call('certifySensor', { params: { sensorId }, body: { csrPem } });
    const device = await connectTls(api.running.context.telemetry!.brokerUrl, caPem, { certificatePem, privateKeyPem }, { clientId: sensorId });
    return { shipment, device };
}

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
        const { shipment, device } = await deviceOnShipment(api, sensorId);
        try {
            const readings = readingsOf(sensorId, attachedMs(shipment) + 1_000, [5, 6, 5, 4, 5]);
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

    it('tells the shipment’s parties of stored readings on the event stream, and pages only the readings from a given time', async () => {
        const { api } = ctx;
        const liveSensor = `${sensorId}-L`;
        await api.as('carrier').call('registerSensor', { body: { sensorId: liveSensor } });
        const { shipment, device } = await deviceOnShipment(api, liveSensor);
        const readings = readingsOf(liveSensor, attachedMs(shipment) + 1_000, [5, 6, 5, 4, 5, 6]);
        const storedOf = (events: { event: string; data: unknown }[]) =>
            events
                .filter((e) => e.event === 'ReadingsStored')
                .map((e) => ReadingsStoredEvent.parse(e.data))
                .filter((e) => e.ids.shipmentId === shipment.shipmentId);
        const counted = (stored: ReadingsStoredEvent[]) => stored.reduce((sum, e) => sum + e.count, 0);
        const collect = await openEvents(api.url, api.tokens.get('retailer')!, (events) => counted(storedOf(events)) >= readings.length);
        try {
            for (const reading of readings) {
                await device.publishAsync(`coldtrace/sensors/${liveSensor}/telemetry`, JSON.stringify(reading), { qos: 1 });
            }
            // How many events that takes depends on how the detector batched them (the unit test shows the coalescing); each reading counts once.
            const stored = storedOf(await collect());
            assert.equal(counted(stored), readings.length);
            assert.deepEqual([...first(stored, 'ReadingsStored events').parties].sort(), [...shipment.parties].sort(), 'sent to the shipment’s parties');
            assert.equal(Math.min(...stored.map((e) => Date.parse(e.firstAt))), Date.parse(first(readings, 'readings').ts));
            assert.equal(Math.max(...stored.map((e) => Date.parse(e.lastAt))), Date.parse(last(readings, 'readings').ts));

            const r = api.as('retailer');
            const newer = await r.call('shipmentTelemetry', { params: { shipmentId: shipment.shipmentId }, query: { from: at(readings, 4, 'readings').ts } });
            assert.deepEqual(
                newer.items.map((reading) => reading.seq),
                [4, 5],
                'from is inclusive of its own time',
            );
            const upTo = await r.call('shipmentTelemetry', {
                params: { shipmentId: shipment.shipmentId },
                query: { from: at(readings, 1, 'readings').ts, to: at(readings, 3, 'readings').ts },
            });
            assert.deepEqual(
                upTo.items.map((reading) => reading.seq),
                [1, 2],
            );
            await assertProblem(
                api,
                () => r.call('shipmentTelemetry', { params: { shipmentId: shipment.shipmentId }, query: { from: 'yesterday' } }),
                400,
                'VALIDATION_FAILED',
                /from/,
            );
        } finally {
            device.end(true);
        }
    });

    it('turns a reefer failure into one excursion on the ledger that GET /trace shows, with the affected serial flagged', async () => {
        const { api } = ctx;
        const failingSensor = `${sensorId}-F`;
        await api.as('carrier').call('registerSensor', { body: { sensorId: failingSensor } });
        const { shipment, device } = await deviceOnShipment(api, failingSensor);
        try {
            // 40 minutes at 12 °C on a 2–8 °C product that tolerates 30, then back in range; sent twice.
            const temps = [5, ...Array<number>(21).fill(12), 5, 5, 5];
            const readings = readingsOf(failingSensor, attachedMs(shipment) + 1_000, temps);
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
            const excursion = only(excursions, 'excursions on the ledger');
            assert.equal(excursion.sensorId, failingSensor);
            assert.equal(excursion.kind, 'high');
            assert.equal(excursion.peakC, 12);
            const serial = first(excursion.affectedSerials, 'affected serials');
            const trace = await m.call('trace', { params: { ref: serial } });
            assert.equal(trace.excursions.length, 1);
            assert.equal(trace.product.flags.excursion, true);
        } finally {
            device.end(true);
        }
    });
});
