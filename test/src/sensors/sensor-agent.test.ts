import { strict as assert } from 'node:assert';
import type { MqttClient } from 'mqtt';
import { type Reading, Topics } from '@coldtrace/iot-sensor';
import { connectTls } from '@coldtrace/telemetry';
import { SensorFixture } from './sensor-fixture';

/** A stand-in backend that records every reading it receives and acknowledges it, unless paused. */
class Acknowledger {
    readonly received: Reading[] = [];
    paused = false;

    private constructor(readonly client: MqttClient) {
        client.on('message', (_topic, payload) => {
            const reading = JSON.parse(payload.toString()) as Reading;
            this.received.push(reading);
            if (!this.paused) {
                client.publish(Topics.ack(reading.sensorId), JSON.stringify({ seqs: [reading.seq] }), { qos: 1 });
            }
        });
    }

    static async connect(fixture: SensorFixture, name: string): Promise<Acknowledger> {
        const client = await connectTls(fixture.broker.url, fixture.ca.certificatePem, await fixture.ca.issue({ commonName: name, kind: 'service' }), {
            clientId: name,
            clean: false,
            reconnectPeriod: 200,
        });
        await client.subscribeAsync(Topics.allTelemetry, { qos: 1 });
        return new Acknowledger(client);
    }

    seqsOf(sensorId: string): number[] {
        return [...new Set(this.received.filter((r) => r.sensorId === sensorId).map((r) => r.seq))].sort((a, b) => a - b);
    }
}

const at = (i: number) => new Date(Date.UTC(2026, 10, 20, 10, i)).toISOString();

describe('sensor agent (AWS IoT Device SDK v2) through the mTLS broker', function () {
    this.timeout(30_000);
    let fixture: SensorFixture;
    let backend: Acknowledger;

    before(async () => {
        fixture = await SensorFixture.start();
        backend = await Acknowledger.connect(fixture, 'coldtrace-acker');
    });
    after(async () => {
        backend.client.end(true);
        await fixture.close();
    });

    it('uploads readings in order and forgets them once acknowledged', async () => {
        const agent = await fixture.agent(await fixture.provision('AGENT-1'));
        for (let i = 0; i < 5; i++) {
            agent.record({ ts: at(i), tempC: 4 + i / 10, lat: 52.37, lon: 4.89 });
        }
        await agent.drained();
        assert.deepEqual(backend.seqsOf('AGENT-1'), [0, 1, 2, 3, 4]);
        assert.equal(agent.backlog, 0);
    });

    it('keeps readings taken while the broker is unreachable and uploads them all when it returns', async () => {
        const agent = await fixture.agent(await fixture.provision('AGENT-2'));
        agent.record({ ts: at(0), tempC: 4, lat: 52, lon: 4 });
        await agent.drained();
        backend.client.end(true);
        await fixture.stopBroker();
        for (let i = 1; i <= 40; i++) {
            agent.record({ ts: at(i), tempC: 5, lat: 52, lon: 4 });
        }
        assert.equal(agent.backlog, 40);
        await fixture.restartBroker();
        backend = await Acknowledger.connect(fixture, 'coldtrace-acker');
        await agent.drained();
        assert.deepEqual(
            backend.seqsOf('AGENT-2'),
            Array.from({ length: 40 }, (_, i) => i + 1),
        );
    });

    it('resends what was never acknowledged after the agent restarts, from the same queue', async () => {
        const device = await fixture.provision('AGENT-3');
        const dir = fixture.queueDir();
        backend.paused = true;
        const first = await fixture.agent(device, dir);
        for (let i = 0; i < 3; i++) {
            first.record({ ts: at(i), tempC: 3, lat: 52, lon: 4 });
        }
        while (backend.seqsOf('AGENT-3').length < 3) {
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        assert.equal(first.backlog, 3);
        await first.stop();
        backend.paused = false;
        const second = await fixture.agent(device, dir);
        second.record({ ts: at(3), tempC: 3, lat: 52, lon: 4 });
        await second.drained();
        assert.deepEqual(backend.seqsOf('AGENT-3'), [0, 1, 2, 3]);
        // The three unacknowledged readings arrived twice: once from each run of the agent.
        assert.equal(backend.received.filter((r) => r.sensorId === 'AGENT-3').length, 7);
    });
});
