import { strict as assert } from 'node:assert';
import { type Reading, ReadingAck, Topics } from '@coldtrace/iot-sensor';
import { eventually, PipelineFixture, readingsOf } from './pipeline-fixture';

const MINUTE = 60_000;

describe('readings dated beyond the clock-skew bound (default 5 minutes ahead of the server’s clock)', function () {
    this.timeout(60_000);
    let fixture: PipelineFixture;
    /** The server's clock, which the test sets: the pipeline reads nothing else. */
    let now = Date.now();

    before(async () => {
        // The default bound: no maxClockSkewMs here.
        fixture = await PipelineFixture.start({ clock: () => now, detector: { idleMs: 300 } });
    });
    after(() => fixture.close());

    async function shipmentWithSensor() {
        const shipment = await fixture.world.shipment(1, 'in_transit');
        const stored = await fixture.harness.evaluate('carrier', 'shipment:get', [shipment.shipmentId]);
        return { shipment, attachedMs: Date.parse(stored.sensors[0].attachedAt), device: await fixture.provision(shipment.sensorId) };
    }

    it('stores a reading up to 5 minutes ahead and refuses a later one: counted, acknowledged as refused, gone from the device’s queue', async () => {
        const { shipment, attachedMs, device } = await shipmentWithSensor();
        now = attachedMs + 60 * MINUTE;
        const future = fixture.pipeline.metrics().future;
        // Not resent while the test runs, so each refusal is counted once.
        const agent = fixture.agent(device, { resendAfterMs: 60_000 });
        const refusals: { seq: number; reason: string }[] = [];
        agent.onRefused((refused) => refusals.push(...refused));
        await agent.start();
        for (const ts of [attachedMs + 1_000, now + 5 * MINUTE, now + 5 * MINUTE + 1, now + 3 * 60 * MINUTE]) {
            agent.record({ ts: new Date(ts).toISOString(), tempC: 5, lat: 52.3, lon: 4.9 });
        }
        await agent.drained();
        assert.equal(agent.backlog, 0, 'the refused readings left the durable queue');
        assert.equal(agent.refused, 2);
        assert.deepEqual(refusals, [
            { seq: 2, reason: 'future' },
            { seq: 3, reason: 'future' },
        ]);
        assert.deepEqual(
            (await fixture.pipeline.store.readings(shipment.shipmentId)).map((r) => r.seq),
            [0, 1],
        );
        assert.equal(fixture.pipeline.metrics().future, future + 2);
    });

    it('records no excursion “starting” in the future, and says so on the raw protocol', async () => {
        const { shipment, attachedMs, device } = await shipmentWithSensor();
        now = attachedMs + 10 * MINUTE;
        const client = await fixture.rawDevice(device);
        const acks: ReadingAck[] = [];
        client.on('message', (_topic, payload) => acks.push(ReadingAck.parse(JSON.parse(payload.toString()))));
        await client.subscribeAsync(Topics.ack(device.sensorId), { qos: 1 });
        // An hour out of range, dated from three hours ahead: it would be an excursion.
        const breach: Reading[] = readingsOf(device.sensorId, now + 3 * 60 * MINUTE, [5, ...Array<number>(30).fill(12), 5]);
        await fixture.publish(client, breach);
        const refused = await eventually('every reading acknowledged as refused', () => {
            const all = acks.flatMap((ack) => ack.refused ?? []);
            return all.length === breach.length && all;
        });
        assert.ok(refused.every((r) => r.reason === 'future'));
        assert.deepEqual(
            acks.flatMap((ack) => ack.seqs).sort((a, b) => a - b),
            breach.map((r) => r.seq),
            'refused readings are among those the device may forget',
        );
        await fixture.pipeline.detector.idle();
        assert.deepEqual(await fixture.pipeline.store.readings(shipment.shipmentId), []);
        assert.deepEqual(await fixture.excursions(shipment.shipmentId), []);
    });
});
