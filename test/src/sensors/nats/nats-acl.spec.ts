import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { connectNats, connectTls, createDeviceCertificateAuthority, type DeviceCertificateAuthority, openOrCreateDeviceCertificateAuthority } from '@coldtrace/telemetry';
import { NatsBroker } from '../nats-broker';
import { freePort } from '../pipeline-fixture';
import { only } from '../../harness/elements';

/** Waits a moment for what a test expects not to arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('nats-server with the generated config: mutual TLS, certificate-mapped users, per-device permissions', function () {
    this.timeout(30_000);
    let dataDir: string;
    let broker: NatsBroker;
    let ca: DeviceCertificateAuthority;
    const clients: MqttClient[] = [];
    const closers: (() => Promise<void>)[] = [];

    before(async () => {
        dataDir = mkdtempSync(join(tmpdir(), 'coldtrace-nats-'));
        broker = await NatsBroker.start(dataDir, { mqttPort: await freePort(), port: await freePort() });
        ca = await openOrCreateDeviceCertificateAuthority(join(dataDir, 'telemetry', 'ca'));
        for (const sensorId of ['N-1', 'N-3', 'N-4']) {
            await broker.admit({ commonName: sensorId, kind: 'device' });
        }
    });
    after(async () => {
        clients.forEach((client) => client.end(true));
        await Promise.all(closers.map((close) => close()));
        await broker.stop();
        rmSync(dataDir, { recursive: true, force: true });
    });

    async function device(commonName: string): Promise<MqttClient> {
        const client = await connectTls(broker.url, ca.certificatePem, await ca.issue({ commonName, kind: 'device' }), { clientId: commonName });
        clients.push(client);
        return client;
    }

    /** What the detector's NATS user sees of every partitioned reading. */
    async function readings(): Promise<string[]> {
        const nc = await connectNats(broker.natsUrl, ca, { commonName: 'coldtrace-detector', kind: 'service' });
        closers.push(() => nc.close());
        const seen: string[] = [];
        nc.subscribe('coldtrace.readings.>', { callback: (_error, message) => seen.push(`${message.subject} ${message.string()}`) });
        await nc.flush();
        return seen;
    }

    it('refuses a certificate from another CA, and one of this CA whose device was never admitted', async () => {
        const other = await createDeviceCertificateAuthority('another CA');
        await assert.rejects(connectTls(broker.url, ca.certificatePem, await other.issue({ commonName: 'N-1', kind: 'device' })));
        await assert.rejects(connectTls(broker.url, ca.certificatePem, await ca.issue({ commonName: 'N-9', kind: 'device' })));
    });

    it('puts a device’s own telemetry in its sensor’s partition and never one published on another sensor’s topic', async () => {
        const seen = await readings();
        const client = await device('N-1');
        client.publish('coldtrace/sensors/N-2/telemetry', 'forged', { qos: 1 });
        await client.publishAsync('coldtrace/sensors/N-1/telemetry', 'honest', { qos: 1 }).catch(() => undefined);
        const deadline = Date.now() + 5_000;
        while (seen.length === 0 && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await settle();
        assert.match(only(seen, 'messages seen'), /^coldtrace\.readings\.\d+\.N-1 honest$/);
    });

    it('keeps a device from reading another sensor’s acknowledgements', async () => {
        const snoop = await device('N-3');
        const seen: string[] = [];
        snoop.on('message', (topic) => seen.push(topic));
        await snoop.subscribeAsync('coldtrace/sensors/N-4/ack', { qos: 1 }).catch(() => undefined);
        const own = await device('N-4');
        const acks: string[] = [];
        own.on('message', (topic) => acks.push(topic));
        await own.subscribeAsync('coldtrace/sensors/N-4/ack', { qos: 1 });
        const nc = await connectNats(broker.natsUrl, ca, { commonName: 'coldtrace-detector', kind: 'service' });
        closers.push(() => nc.close());
        nc.publish('coldtrace.sensors.N-4.ack', '{"seqs":[1]}');
        await nc.flush();
        const deadline = Date.now() + 5_000;
        while (acks.length === 0 && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await settle();
        assert.deepEqual(acks, ['coldtrace/sensors/N-4/ack']);
        assert.deepEqual(seen, []);
    });
});
