import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { connectTls, createDeviceCertificateAuthority, type DeviceCertificateAuthority, openOrCreateDeviceCertificateAuthority } from '@coldtrace/telemetry';
import { MosquittoBroker } from '../mosquitto-broker';

describe('Mosquitto with the shipped config: mutual TLS and the per-CN ACL', function () {
    this.timeout(30_000);
    let dataDir: string;
    let broker: MosquittoBroker;
    let ca: DeviceCertificateAuthority;
    const clients: MqttClient[] = [];

    before(async () => {
        dataDir = mkdtempSync(join(tmpdir(), 'coldtrace-mosquitto-'));
        broker = await MosquittoBroker.start(dataDir, 18_883 + Math.floor(Math.random() * 1000));
        ca = await openOrCreateDeviceCertificateAuthority(join(dataDir, 'telemetry', 'ca'));
    });
    after(async () => {
        clients.forEach((client) => client.end(true));
        await broker.stop();
        rmSync(dataDir, { recursive: true, force: true });
    });

    async function connectAs(commonName: string, kind: 'device' | 'service' | 'claim'): Promise<MqttClient> {
        const client = await connectTls(broker.url, ca.certificatePem, await ca.issue({ commonName, kind }), { clientId: commonName });
        clients.push(client);
        return client;
    }

    it('refuses a certificate from another CA at the handshake', async () => {
        const other = await createDeviceCertificateAuthority('another CA');
        await assert.rejects(connectTls(broker.url, ca.certificatePem, await other.issue({ commonName: 'T-1', kind: 'device' })));
    });

    it('delivers a device’s own telemetry and never one published on another sensor’s topic', async () => {
        const detector = await connectAs('coldtrace-detector', 'service');
        await detector.subscribeAsync('coldtrace/sensors/+/telemetry', { qos: 1 });
        const seen: string[] = [];
        detector.on('message', (topic, payload) => seen.push(`${topic} ${payload.toString()}`));
        const device = await connectAs('M-1', 'device');
        // Mosquitto acknowledges a refused QoS 1 publish and drops it (MQTT 3.1.1 has no way to say no).
        device.publish('coldtrace/sensors/M-2/telemetry', 'forged', { qos: 1 });
        await device.publishAsync('coldtrace/sensors/M-1/telemetry', 'honest', { qos: 1 }).catch(() => undefined);
        const deadline = Date.now() + 5_000;
        while (seen.length === 0 && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.deepEqual(seen, ['coldtrace/sensors/M-1/telemetry honest']);
    });

    it('keeps a device from reading every sensor’s telemetry', async () => {
        const device = await connectAs('M-3', 'device');
        const seen: string[] = [];
        device.on('message', (topic) => seen.push(topic));
        await device.subscribeAsync('coldtrace/sensors/+/telemetry', { qos: 1 }).catch(() => undefined);
        const other = await connectAs('M-4', 'device');
        await other.publishAsync('coldtrace/sensors/M-4/telemetry', 'x', { qos: 1 });
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.deepEqual(seen, []);
    });

    it('closes a connection sending 8 MiB (max_packet_size 64 KiB) and delivers a message of exactly 64 KiB', async () => {
        const detector = await connectAs('coldtrace-detector', 'service');
        await detector.subscribeAsync('coldtrace/sensors/+/telemetry', { qos: 1 });
        const sizes: number[] = [];
        detector.on('message', (_topic, payload) => sizes.push(payload.length));
        const big = await connectAs('M-7', 'device');
        const dropped = new Promise<void>((resolve) => big.once('close', () => resolve()));
        big.publish('coldtrace/sensors/M-7/telemetry', Buffer.alloc(8 * 1024 * 1024, 1), { qos: 1 });
        await dropped;
        const topic = 'coldtrace/sensors/M-8/telemetry';
        // A QoS 1 PUBLISH of 65,536 bytes as Mosquitto counts it: type byte, remaining length (topic, id, payload).
        const payloadBytes = 65_536 - 1 - (2 + topic.length) - 2;
        await (await connectAs('M-8', 'device')).publishAsync(topic, Buffer.alloc(payloadBytes, 2), { qos: 1 });
        const deadline = Date.now() + 5_000;
        while (sizes.length === 0 && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        assert.deepEqual(sizes, [payloadBytes]);
    });

    it('binds the client id to the certificate: a device asking to be coldtrace-detector neither drops the detector nor reads its queue', async () => {
        const credentials = await ca.issue({ commonName: 'coldtrace-detector', kind: 'service' });
        const detector = await connectTls(broker.url, ca.certificatePem, credentials, { clientId: 'coldtrace-detector', clean: false });
        clients.push(detector);
        await detector.subscribeAsync('coldtrace/sensors/+/telemetry', { qos: 1 });
        let detectorDropped = false;
        detector.on('close', () => (detectorDropped = true));
        const seen: string[] = [];
        detector.on('message', (_topic, payload) => seen.push(payload.toString()));
        // Mosquitto accepts the connection, but as client id M-5 (its certificate's CN), not as the detector.
        const hijacker = await connectTls(broker.url, ca.certificatePem, await ca.issue({ commonName: 'M-5', kind: 'device' }), { clientId: 'coldtrace-detector', clean: false });
        clients.push(hijacker);
        const stolen: string[] = [];
        hijacker.on('message', (topic) => stolen.push(topic));
        const honest = await connectAs('M-6', 'device');
        await honest.publishAsync('coldtrace/sensors/M-6/telemetry', 'after', { qos: 1 });
        const deadline = Date.now() + 5_000;
        while (!seen.includes('after') && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        assert.deepEqual(seen, ['after']);
        assert.equal(detectorDropped, false);
        assert.deepEqual(stolen, []);
    });
});
