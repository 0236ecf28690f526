import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { openDurableQueue, ReadingAck, Topics } from '@coldtrace/iot-sensor';
import { eventually, PipelineFixture, readingOf } from './pipeline-fixture';

describe('readings that fail validation: acknowledged as refused (`invalid`) when their seq can be read', function () {
    this.timeout(60_000);
    let fixture: PipelineFixture;

    before(async () => {
        fixture = await PipelineFixture.start();
    });
    after(() => fixture.close());

    async function shipmentWithSensor() {
        const shipment = await fixture.world.shipment(1, 'in_transit');
        const stored = await fixture.harness.evaluate('carrier', 'shipment:get', [shipment.shipmentId]);
        return { shipment, attachedMs: Date.parse(stored.sensors[0].attachedAt), device: await fixture.provision(shipment.sensorId) };
    }

    it('acknowledges an invalid payload with a seq as refused to the sensor of its topic, and leaves one without a seq unacknowledged', async () => {
        const { shipment, attachedMs, device } = await shipmentWithSensor();
        const client = await fixture.rawDevice(device);
        const acks: ReadingAck[] = [];
        client.on('message', (_topic, payload) => acks.push(ReadingAck.parse(JSON.parse(payload.toString()))));
        await client.subscribeAsync(Topics.ack(device.sensorId), { qos: 1 });
        const invalid = fixture.pipeline.metrics().invalid;
        const first = readingOf(device.sensorId, attachedMs + 1_000, 5);
        const last = readingOf(device.sensorId, attachedMs + 60_000, 5, 9);
        const payloads = [
            JSON.stringify(first),
            JSON.stringify({ ...first, seq: 1, tempC: 500 }), // out of the schema's range
            JSON.stringify({ ...first, seq: 2, sensorId: 'SOMEONE-ELSE' }), // speaks for another sensor
            JSON.stringify({ ...first, seq: 3, firmware: '2.0' }), // a field the schema does not know
            // No sequence number to acknowledge:
            JSON.stringify({ sensorId: device.sensorId, tempC: 5 }),
            JSON.stringify({ ...first, seq: -1 }),
            JSON.stringify({ ...first, seq: 4.5 }),
            JSON.stringify({ ...first, seq: '5' }),
            JSON.stringify([{ seq: 6 }]),
            'not json {"seq": 7}',
            JSON.stringify(last),
        ];
        // One at a time: the detector handles messages in arrival order, so once the last one is
        // acknowledged, every earlier one was handled.
        for (const payload of payloads) {
            await client.publishAsync(Topics.telemetry(device.sensorId), payload, { qos: 1 });
        }
        await eventually('the last valid reading acknowledged', () => acks.some((ack) => ack.seqs.includes(last.seq)));
        await fixture.pipeline.detector.idle();
        assert.deepEqual(
            acks.flatMap((ack) => ack.seqs).sort((a, b) => a - b),
            [0, 1, 2, 3, 9],
            'the device may forget the valid readings and the refused ones, nothing else',
        );
        assert.deepEqual(
            acks.flatMap((ack) => ack.refused ?? []).sort((a, b) => a.seq - b.seq),
            [
                { seq: 1, reason: 'invalid' },
                { seq: 2, reason: 'invalid' },
                { seq: 3, reason: 'invalid' },
            ],
        );
        assert.equal(fixture.pipeline.metrics().invalid, invalid + 9, 'every invalid payload is counted, acknowledged or not');
        assert.deepEqual(
            (await fixture.pipeline.store.readings(shipment.shipmentId)).map((r) => r.seq),
            [0, 9],
        );
    });

    it('makes the agent drop an invalid reading from its durable queue and count it, instead of resending it forever', async () => {
        const { shipment, attachedMs, device } = await shipmentWithSensor();
        // A queue carried over from another device: its reading speaks for a sensor this one is not.
        const queueDir = mkdtempSync(join(fixture.dataDir, 'carried-over-'));
        const carriedOver = openDurableQueue(queueDir);
        carriedOver.append({ sensorId: 'SOMEONE-ELSE', ts: new Date(attachedMs + 1_000).toISOString(), tempC: 5, lat: 52.3, lon: 4.9 });
        carriedOver.close();
        // Not resent while the test runs, so the refusal is counted once.
        const agent = fixture.agent(device, { queueDir, resendAfterMs: 60_000 });
        const refusals: { seq: number; reason: string }[] = [];
        agent.onRefused((refused) => refusals.push(...refused));
        agent.record({ ts: new Date(attachedMs + 2_000).toISOString(), tempC: 5, lat: 52.3, lon: 4.9 });
        await agent.start();
        await eventually('the durable queue empty', () => agent.backlog === 0);
        assert.equal(agent.refused, 1);
        assert.deepEqual(refusals, [{ seq: 0, reason: 'invalid' }]);
        assert.deepEqual(
            (await fixture.pipeline.store.readings(shipment.shipmentId)).map((r) => r.seq),
            [1],
        );
    });
});
