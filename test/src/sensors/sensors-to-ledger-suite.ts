import { strict as assert } from 'node:assert';
import type { Excursion } from '@coldtrace/chaincode/model';
import { type BrokerKind, eventually, PipelineFixture, readingsOf } from './pipeline-fixture';
import { at, first, only } from '../harness/elements';

/** In range, then 34 minutes above 8 °C (the batch tolerates 30), then back in range: one excursion. */
export const PROFILE_BREACH = [5, 5.5, 6, 5, 4.8, 9, 10.5, 11, 12.4, 12, 11.6, 11, 10.8, 10, 9.5, 9.8, 10, 9.4, 9.1, 9, 9.2, 9, 4.5, 4, 4.2, 4.1];

/**
 * The sensors-to-ledger suite, run against the embedded aedes broker by `npm test` and against a
 * real Mosquitto by `npm run test:mosquitto`.
 */
export function describeSensorsToLedger(brokerKind: BrokerKind): void {
    describe(`sensors to ledger, end to end through mutual TLS (embedded ledger, ${brokerKind})`, function () {
        this.timeout(60_000);
        let fixture: PipelineFixture;

        before(async () => {
            fixture = await PipelineFixture.start({}, brokerKind);
        });
        after(() => fixture.close());

        /** A shipment in transit with its sensor, and the time readings start (just after attachment). */
        async function shipmentWithSensor() {
            const shipment = await fixture.world.shipment(2, 'in_transit');
            const stored = await fixture.harness.evaluate('carrier', 'shipment:get', [shipment.shipmentId]);
            const attachedMs = Date.parse(stored.sensors[0].attachedAt);
            return { shipment, startMs: attachedMs + 1_000, device: await fixture.provision(shipment.sensorId) };
        }

        async function closedExcursions(shipmentId: string, count = 1) {
            return eventually(`${count} closed excursion(s) on ${shipmentId}`, async () => {
                const excursions = await fixture.excursions(shipmentId);
                return excursions.length >= count && excursions.every((e) => e.status === 'closed') && excursions;
            });
        }

        it('records one excursion from a provisioned sensor, and the trace of every serial shows it', async () => {
            const { shipment, startMs, device } = await shipmentWithSensor();
            const agent = fixture.agent(device);
            await agent.start();
            for (const reading of readingsOf(device.sensorId, startMs, PROFILE_BREACH)) {
                agent.record({ ts: reading.ts, tempC: reading.tempC, lat: reading.lat, lon: reading.lon });
            }
            await agent.drained();
            const excursion = first(await closedExcursions(shipment.shipmentId), 'closed excursions');
            assert.equal(excursion.kind, 'high');
            assert.equal(excursion.sensorId, device.sensorId);
            assert.equal(excursion.startAt, new Date(startMs + 5 * 120_000).toISOString());
            assert.equal(excursion.endAt, new Date(startMs + 22 * 120_000).toISOString());
            assert.equal(excursion.peakC, 12.4);
            assert.equal(excursion.durationMinutes, 34);
            const { meanKineticC } = excursion;
            assert.ok(meanKineticC !== undefined && meanKineticC > 10 && meanKineticC < 12.4);
            assert.deepEqual([...excursion.affectedSerials].sort(), [...shipment.serials].sort());
            for (const serial of shipment.serials) {
                const trace = await fixture.harness.evaluate('retailer', 'query:trace', [serial]);
                assert.deepEqual(
                    trace.excursions.map((e: { excursionId: string }) => e.excursionId),
                    [excursion.excursionId],
                );
                assert.equal(trace.product.flags.excursion, true);
            }
            assert.equal((await fixture.pipeline.store.readings(shipment.shipmentId)).length, PROFILE_BREACH.length);
            assert.ok(fixture.events.some((e) => e.type === 'ExcursionClosed' && e.excursion.excursionId === excursion.excursionId));
        });

        it('stores every reading taken offline and records one excursion once the device connects', async () => {
            const { shipment, startMs, device } = await shipmentWithSensor();
            const agent = fixture.agent(device);
            for (const reading of readingsOf(device.sensorId, startMs, PROFILE_BREACH)) {
                agent.record({ ts: reading.ts, tempC: reading.tempC, lat: reading.lat, lon: reading.lon });
            }
            assert.equal(agent.backlog, PROFILE_BREACH.length);
            await agent.start();
            await agent.drained();
            assert.equal((await closedExcursions(shipment.shipmentId)).length, 1);
            assert.equal((await fixture.pipeline.store.readings(shipment.shipmentId)).length, PROFILE_BREACH.length);
        });

        it('records one excursion however often the readings are sent, and the same one in any order', async () => {
            const inOrder = await shipmentWithSensor();
            const shuffled = await shipmentWithSensor();
            const ordered = readingsOf(inOrder.device.sensorId, inOrder.startMs, PROFILE_BREACH);
            const scrambled = readingsOf(shuffled.device.sensorId, shuffled.startMs, PROFILE_BREACH);
            let seed = 11;
            scrambled.sort(() => ((seed = (seed * 48271) % 2147483647) % 3) - 1);
            const inOrderClient = await fixture.rawDevice(inOrder.device);
            const shuffledClient = await fixture.rawDevice(shuffled.device);
            await fixture.publish(inOrderClient, ordered);
            await fixture.publish(inOrderClient, ordered.slice(3, 20));
            await fixture.publish(shuffledClient, scrambled);
            await fixture.publish(shuffledClient, [...scrambled].reverse());
            const a = first(await closedExcursions(inOrder.shipment.shipmentId), 'closed excursions in order');
            const b = first(await closedExcursions(shuffled.shipment.shipmentId), 'closed excursions shuffled');
            await fixture.pipeline.detector.idle();
            assert.equal((await fixture.excursions(inOrder.shipment.shipmentId)).length, 1);
            assert.equal((await fixture.excursions(shuffled.shipment.shipmentId)).length, 1);
            const shape = (e: Excursion, startMs: number) => ({
                start: Date.parse(e.startAt) - startMs,
                end: e.endAt === undefined ? undefined : Date.parse(e.endAt) - startMs,
                peakC: e.peakC,
                durationMinutes: e.durationMinutes,
                meanKineticC: e.meanKineticC,
            });
            assert.deepEqual(shape(b, shuffled.startMs), shape(a, inOrder.startMs));
            assert.equal((await fixture.pipeline.store.readings(shuffled.shipment.shipmentId)).length, PROFILE_BREACH.length);
        });

        it('ignores readings from before the sensor was attached', async () => {
            const { shipment, startMs, device } = await shipmentWithSensor();
            const client = await fixture.rawDevice(device);
            await fixture.publish(client, readingsOf(device.sensorId, startMs - 3_600_000, PROFILE_BREACH));
            await eventually('the readings to be acknowledged as unattached', () => fixture.pipeline.metrics().unattached >= PROFILE_BREACH.length);
            assert.equal((await fixture.pipeline.store.readings(shipment.shipmentId)).length, 0);
            assert.deepEqual(await fixture.excursions(shipment.shipmentId), []);
        });

        it('anchors window digests, verifies them, and names a reading edited in the store', async () => {
            const { shipment, startMs, device } = await shipmentWithSensor();
            const client = await fixture.rawDevice(device);
            const readings = readingsOf(device.sensorId, startMs, PROFILE_BREACH);
            await fixture.publish(client, readings);
            const auditor = { evaluate: fixture.harness.evaluate.bind(fixture.harness) };
            // Every window but the last, which the sensor's clock has not passed yet.
            const windows = new Set(readings.map((r) => Math.floor(Date.parse(r.ts) / 900_000)));
            await eventually('digests anchored', async () => (await auditor.evaluate('auditor', 'telemetry:listDigests', [shipment.shipmentId])).length === windows.size - 1);
            const { verifyTelemetry } = await import('@coldtrace/telemetry');
            const verify = () => verifyTelemetry({ store: fixture.pipeline.store, ledger: fixture.harness.ledger, identity: fixture.detector, shipmentId: shipment.shipmentId });
            const clean = await verify();
            assert.equal(clean.intact, true);
            assert.deepEqual(
                clean.windows.map((w) => w.verdict),
                [...Array(windows.size - 1).fill('verified'), 'not_anchored'],
            );
            const tampered = at(readings, 1, 'published readings');
            await fixture.alterStoredReading(tampered.sensorId, tampered.seq, 3.3);
            const report = await verify();
            assert.equal(report.intact, false);
            const bad = only(
                report.windows.filter((w) => w.verdict === 'mismatch'),
                'mismatched windows',
            );
            assert.ok(Date.parse(bad.windowStart) <= Date.parse(tampered.ts) && Date.parse(tampered.ts) < Date.parse(bad.windowEnd));
            assert.deepEqual(bad.alteredReadings, [{ sensorId: tampered.sensorId, seq: tampered.seq }]);
        });

        it('flags a device flooding far above its rate and keeps serving the others', async () => {
            const flooded = await PipelineFixture.start({ floodGuard: { ratePerSecond: 5, burst: 20 } }, brokerKind);
            try {
                const noisy = await flooded.world.shipment(1, 'in_transit');
                const quiet = await flooded.world.shipment(1, 'in_transit');
                const noisyClient = await flooded.rawDevice(await flooded.provision(noisy.sensorId));
                const quietClient = await flooded.rawDevice(await flooded.provision(quiet.sensorId));
                const start = Date.now();
                await flooded.publish(noisyClient, readingsOf(noisy.sensorId, start, Array(300).fill(5)));
                await flooded.publish(quietClient, readingsOf(quiet.sensorId, start, [5, 5, 5]));
                await eventually('the flood to be flagged', () => flooded.events.find((e) => e.type === 'SensorFlooding'));
                await eventually('the quiet sensor’s readings stored', async () => (await flooded.pipeline.store.readings(quiet.shipmentId)).length === 3);
                const flag = flooded.events.find((e) => e.type === 'SensorFlooding');
                assert.equal(flag?.type === 'SensorFlooding' && flag.sensorId, noisy.sensorId);
                assert.ok(flooded.pipeline.metrics().throttled > 0);
                assert.ok((await flooded.pipeline.store.readings(noisy.shipmentId, { limit: 1000 })).length < 300);
            } finally {
                await flooded.close();
            }
        });

        it('loses and doubles nothing when the detector is killed and restarted mid-stream', async () => {
            const { shipment, startMs, device } = await shipmentWithSensor();
            const agent = fixture.agent(device);
            await agent.start();
            const readings = readingsOf(device.sensorId, startMs, PROFILE_BREACH);
            for (const reading of readings.slice(0, 12)) {
                agent.record({ ts: reading.ts, tempC: reading.tempC, lat: reading.lat, lon: reading.lon });
            }
            await agent.drained();
            await fixture.restartPipeline();
            for (const reading of readings.slice(12)) {
                agent.record({ ts: reading.ts, tempC: reading.tempC, lat: reading.lat, lon: reading.lon });
            }
            await agent.drained();
            const excursions = await closedExcursions(shipment.shipmentId);
            await fixture.pipeline.detector.idle();
            assert.equal((await fixture.excursions(shipment.shipmentId)).length, 1);
            assert.equal(first(excursions, 'closed excursions').durationMinutes, 34);
            assert.equal((await fixture.pipeline.store.readings(shipment.shipmentId)).length, PROFILE_BREACH.length);
        });
    });
}
