import { strict as assert } from 'node:assert';
import { eventually, PipelineFixture, readingOf, readingsOf } from './pipeline-fixture';

// Embedded only (test/src/sensors): the detector's own guards, which HTTP ingestion shares with MQTT.
describe('readings submitted to the detector (HTTP ingestion) pass the guards MQTT readings pass', function () {
    this.timeout(60_000);
    let fixture: PipelineFixture;

    before(async () => {
        // A small flood-guard bucket that does not refill while a test runs.
        fixture = await PipelineFixture.start({ floodGuard: { ratePerSecond: 0.001, burst: 3 } });
    });
    after(() => fixture.close());

    async function attached() {
        const shipment = await fixture.world.shipment(1, 'in_transit');
        const stored = await fixture.harness.evaluate('carrier', 'shipment:get', [shipment.shipmentId]);
        return { ...shipment, attachedMs: Date.parse(stored.sensors[0].attachedAt) };
    }

    it('shares one flood-guard budget per sensor with MQTT: beyond it, readings are to be sent again later', async () => {
        const { sensorId, shipmentId, attachedMs } = await attached();
        const device = await fixture.rawDevice(await fixture.provision(sensorId));
        await fixture.publish(device, readingsOf(sensorId, attachedMs + 1_000, [5, 5]));
        await eventually('the MQTT readings stored', async () => (await fixture.pipeline.store.readings(shipmentId)).length === 2);
        const outcomes = await fixture.pipeline.detector.submit(readingsOf(sensorId, attachedMs + 10_000, [5, 5, 5], 10));
        assert.deepEqual(
            outcomes.map((o) => ('reason' in o ? o.reason : o.status)),
            ['stored', 'throttled', 'throttled'],
        );
    });

    it('refuses a reading dated beyond the clock-skew bound for good, and stores the rest', async () => {
        const { sensorId, attachedMs } = await attached();
        const now = readingOf(sensorId, attachedMs + 1_000, 5);
        const future = readingOf(sensorId, Date.now() + 2 * 86_400_000, 5, 1);
        const outcomes = await fixture.pipeline.detector.submit([now, future]);
        assert.deepEqual(
            outcomes.map((o) => ('reason' in o ? o.reason : o.status)),
            ['stored', 'future'],
        );
    });

    it('answers the same reading twice in one submission as stored, then duplicate', async () => {
        const { sensorId, attachedMs } = await attached();
        const reading = readingOf(sensorId, attachedMs + 1_000, 5);
        const outcomes = await fixture.pipeline.detector.submit([reading, reading]);
        assert.deepEqual(
            outcomes.map((o) => o.status),
            ['stored', 'duplicate'],
        );
    });
});
