import { strict as assert } from 'node:assert';
import type { TelemetryLog } from '@coldtrace/telemetry';
import { eventually, PipelineFixture, readingsOf } from './pipeline-fixture';

/** What the pipeline logged, in order. */
interface LogLine {
    level: 'info' | 'warn';
    fields: Record<string, unknown>;
    message: string;
}

function recordingLog(lines: LogLine[]): TelemetryLog {
    return {
        info: (fields, message) => lines.push({ level: 'info', fields: fields as Record<string, unknown>, message }),
        warn: (fields, message) => lines.push({ level: 'warn', fields: fields as Record<string, unknown>, message }),
    };
}

/**
 * The detector's MQTT session drops — the broker restarts, or the session is kicked — and comes
 * back by itself: run on a standalone aedes by `npm test` and on Mosquitto by `npm run test:mosquitto`.
 */
export function describeBrokerOutage(brokerKind: 'standalone-aedes' | 'mosquitto' | 'nats'): void {
    describe(`the detector after its broker connection drops (${brokerKind})`, function () {
        this.timeout(60_000);
        let fixture: PipelineFixture;
        const log: LogLine[] = [];

        before(async () => {
            fixture = await PipelineFixture.start({ log: recordingLog(log) }, brokerKind);
        });
        after(() => fixture.close());

        async function shipmentWithSensor() {
            const shipment = await fixture.world.shipment(1, 'in_transit');
            const stored = await fixture.harness.evaluate('carrier', 'shipment:get', [shipment.shipmentId]);
            return { shipment, startMs: Date.parse(stored.sensors[0].attachedAt) + 1_000, device: await fixture.provision(shipment.sensorId) };
        }

        it('reports degraded while the broker is down, reconnects when it is back, and stores and acknowledges readings again', async () => {
            const { shipment, startMs, device } = await shipmentWithSensor();
            const readings = readingsOf(device.sensorId, startMs, [5, 5, 5, 6, 6, 6]);
            const agent = fixture.agent(device);
            await agent.start();
            readings.slice(0, 3).forEach((r) => agent.record({ ts: r.ts, tempC: r.tempC, lat: r.lat, lon: r.lon }));
            await agent.drained();
            const reconnectsBefore = fixture.pipeline.metrics().brokerReconnects;
            assert.deepEqual(fixture.pipeline.health(), { status: 'ok' });

            await fixture.stopBroker();
            const health = await eventually('the pipeline to report the outage', () => {
                const now = fixture.pipeline.health();
                return now.status === 'degraded' && now;
            });
            assert.match(health.status === 'degraded' ? health.reason : '', /^MQTT broker connection lost since \d{4}-\d\d-\d\dT/);
            assert.equal(fixture.pipeline.metrics().brokerConnected, 0);
            assert.ok(
                log.some((line) => line.level === 'warn' && /lost the MQTT broker connection/.test(line.message)),
                'the outage’s start is logged',
            );
            // The device keeps recording while the broker is away.
            readings.slice(3).forEach((r) => agent.record({ ts: r.ts, tempC: r.tempC, lat: r.lat, lon: r.lon }));

            await fixture.startBroker();
            await agent.drained();
            assert.equal((await fixture.pipeline.store.readings(shipment.shipmentId)).length, 6);
            await eventually('the pipeline healthy again', () => fixture.pipeline.health().status === 'ok');
            assert.equal(fixture.pipeline.metrics().brokerConnected, 1);
            assert.equal(fixture.pipeline.metrics().brokerReconnects, reconnectsBefore + 1);
            assert.ok(
                log.some((line) => line.level === 'info' && /MQTT broker connection back after/.test(line.message)),
                'the outage’s end is logged',
            );
        });

        it('comes back after its session is kicked, resumes the same session and receives what was published meanwhile', async () => {
            const { shipment, startMs, device } = await shipmentWithSensor();
            const readings = readingsOf(device.sensorId, startMs, [5, 5, 5, 5]);
            const client = await fixture.rawDevice(device);
            await fixture.publish(client, readings.slice(0, 1));
            await eventually('the first reading stored', async () => (await fixture.pipeline.store.readings(shipment.shipmentId)).length === 1);
            const reconnectsBefore = fixture.pipeline.metrics().brokerReconnects;
            const logged = log.length;

            const detector = fixture.pipeline.client;
            const dropped = new Promise<void>((resolve) => detector.once('close', () => resolve()));
            detector.stream.destroy();
            await dropped;
            // mqtt.js waits its reconnect period (1 s) before trying again: this is the moment of the outage.
            assert.equal(fixture.pipeline.health().status, 'degraded');
            await fixture.publish(client, readings.slice(1));

            await eventually('the readings published meanwhile stored', async () => (await fixture.pipeline.store.readings(shipment.shipmentId)).length === 4);
            await eventually('the pipeline healthy again', () => fixture.pipeline.health().status === 'ok');
            assert.equal(fixture.pipeline.metrics().brokerReconnects, reconnectsBefore + 1);
            const back = log.slice(logged).find((line) => /connection back/.test(line.message));
            assert.equal(back?.fields.sessionPresent, true, 'the broker kept the detector’s persistent session');
        });
    });
}
