import { strict as assert } from 'node:assert';
import type { MqttClient } from 'mqtt';
import { claimClientId, CLAIM_COMMON_NAME } from '@coldtrace/iot-sensor/protocol';
import { DeviceCertificateAuthority } from '../device-ca/device-certificate-authority';
import { closed, connectTls, nextMessage } from './tls-mqtt-client';
import { type BrokerRefusal, EmbeddedBroker } from './embedded-broker';

describe('embedded broker (aedes, mutual TLS)', () => {
    let ca: DeviceCertificateAuthority;
    let broker: EmbeddedBroker;
    const refusals: BrokerRefusal[] = [];
    const clients: MqttClient[] = [];

    before(async () => {
        ca = await DeviceCertificateAuthority.create();
        const server = await ca.issue({ commonName: 'localhost', kind: 'service' }, { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
        broker = await EmbeddedBroker.start({ port: 0, caPem: ca.certificatePem, ...server, onRefused: (r) => refusals.push(r) });
    });

    after(async () => {
        clients.forEach((client) => client.end(true));
        await broker.close();
    });

    async function connectAs(commonName: string, kind: 'device' | 'service' | 'claim'): Promise<MqttClient> {
        const client = await connectTls(broker.url, ca.certificatePem, await ca.issue({ commonName, kind }), { clientId: commonName });
        clients.push(client);
        return client;
    }

    it('delivers a device’s telemetry published under its own CN to a service', async () => {
        const detector = await connectAs('coldtrace-detector', 'service');
        await detector.subscribeAsync('coldtrace/sensors/+/telemetry', { qos: 1 });
        const device = await connectAs('T-1', 'device');
        const received = nextMessage(detector);
        await device.publishAsync('coldtrace/sensors/T-1/telemetry', '{"seq":1}', { qos: 1 });
        const [topic, payload] = await received;
        assert.equal(topic, 'coldtrace/sensors/T-1/telemetry');
        assert.equal(payload.toString(), '{"seq":1}');
    });

    it('refuses the TLS handshake of a certificate from another CA', async () => {
        const otherCa = await DeviceCertificateAuthority.create('some other CA');
        const impostor = await otherCa.issue({ commonName: 'T-1', kind: 'device' });
        await assert.rejects(connectTls(broker.url, ca.certificatePem, impostor), (error: Error) => {
            assert.match(error.message, /certificate|alert|socket|closed|ECONNRESET/i);
            return true;
        });
    });

    it('refuses a client without a certificate', async () => {
        await assert.rejects(connectTls(broker.url, ca.certificatePem, { certificatePem: '', privateKeyPem: '' }));
    });

    it('drops a device publishing on another sensor’s topic, and nothing is delivered', async () => {
        const detector = await connectAs('coldtrace-detector-2', 'service');
        await detector.subscribeAsync('coldtrace/sensors/+/telemetry', { qos: 1 });
        const seen: string[] = [];
        detector.on('message', (topic) => seen.push(topic));
        const device = await connectAs('T-2', 'device');
        const dropped = closed(device);
        device.publish('coldtrace/sensors/T-3/telemetry', '{"seq":1}', { qos: 1 });
        await dropped;
        // A later legitimate publish from another device arrives: the forged one never did.
        const honest = await connectAs('T-3', 'device');
        const received = nextMessage(detector);
        await honest.publishAsync('coldtrace/sensors/T-3/telemetry', '{"seq":2}', { qos: 1 });
        await received;
        assert.deepEqual(seen, ['coldtrace/sensors/T-3/telemetry']);
        assert.ok(refusals.some((r) => r.action === 'publish' && r.identity?.commonName === 'T-2' && r.topic === 'coldtrace/sensors/T-3/telemetry'));
    });

    it('refuses a device connecting as the detector, which keeps its persistent session and its readings', async () => {
        const detector = await connectTls(broker.url, ca.certificatePem, await ca.issue({ commonName: 'coldtrace-detector-3', kind: 'service' }), {
            clientId: 'coldtrace-detector-3',
            clean: false,
        });
        clients.push(detector);
        await detector.subscribeAsync('coldtrace/sensors/+/telemetry', { qos: 1 });
        const hijacker = await ca.issue({ commonName: 'T-6', kind: 'device' });
        await assert.rejects(connectTls(broker.url, ca.certificatePem, hijacker, { clientId: 'coldtrace-detector-3', clean: false }), /Identifier rejected/i);
        assert.ok(refusals.some((r) => r.action === 'connect' && r.clientId === 'coldtrace-detector-3' && r.identity?.commonName === 'T-6'));
        assert.equal(detector.connected, true);
        const honest = await connectAs('T-7', 'device');
        const received = nextMessage(detector);
        await honest.publishAsync('coldtrace/sensors/T-7/telemetry', '{"seq":7}', { qos: 1 });
        assert.equal((await received)[0], 'coldtrace/sensors/T-7/telemetry');
    });

    it('refuses a device connecting under another sensor’s id, or an id of its own choosing', async () => {
        const device = await ca.issue({ commonName: 'T-8', kind: 'device' });
        await assert.rejects(connectTls(broker.url, ca.certificatePem, device, { clientId: 'T-9' }), /Identifier rejected/i);
        await assert.rejects(connectTls(broker.url, ca.certificatePem, device), /Identifier rejected/i);
        const claim = await ca.issue({ commonName: CLAIM_COMMON_NAME, kind: 'claim' });
        await assert.rejects(connectTls(broker.url, ca.certificatePem, claim, { clientId: 'T-8' }), /Identifier rejected/i);
        clients.push(await connectTls(broker.url, ca.certificatePem, claim, { clientId: claimClientId('T-8') }));
    });

    it('refuses a device subscribing to every sensor’s telemetry', async () => {
        const device = await connectAs('T-4', 'device');
        await assert.rejects(device.subscribeAsync('coldtrace/sensors/+/telemetry', { qos: 1 }), /Subscribe error/);
        assert.ok(refusals.some((r) => r.action === 'subscribe' && r.identity?.commonName === 'T-4'));
    });
});
