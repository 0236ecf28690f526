import { strict as assert } from 'node:assert';
import type { TLSSocket } from 'node:tls';
import type { MqttClient } from 'mqtt';
import { claimClientId, CLAIM_COMMON_NAME } from '@coldtrace/iot-sensor/protocol';
import { DeviceCertificateAuthority } from '../device-ca/device-certificate-authority';
import { closed, connectTls, nextMessage } from './tls-mqtt-client';
import { type BrokerRefusal, EmbeddedBroker } from './embedded-broker';
import { MqttBrokerSession } from './mqtt-broker-session';
import { fixedHeader, publishPayloadFilling } from './mqtt-test-packets';

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

    it('hands a device’s telemetry to an in-process session and delivers its QoS 1 publishes to the device', async () => {
        const session = broker.inProcessSession();
        const received: [string, string][] = [];
        await session.subscribe('coldtrace/sensors/+/telemetry', (topic, payload) => received.push([topic, payload.toString()]));
        const device = await connectAs('T-9', 'device');
        await device.subscribeAsync('coldtrace/sensors/T-9/ack', { qos: 1 });
        // The device's PUBACK comes after the session was told.
        await device.publishAsync('coldtrace/sensors/T-9/telemetry', '{"seq":7}', { qos: 1 });
        assert.deepEqual(received, [['coldtrace/sensors/T-9/telemetry', '{"seq":7}']]);
        const ack = nextMessage(device);
        session.publish('coldtrace/sensors/T-9/ack', '{"seqs":[7]}');
        const [topic, payload] = await ack;
        assert.equal(topic, 'coldtrace/sensors/T-9/ack');
        assert.equal(payload.toString(), '{"seqs":[7]}');
    });

    it('has a client session publish the devices’ acks at QoS 1 unless told QoS 0 (as on the NATS gateway)', async () => {
        const detector = await connectAs('coldtrace-detector-acks', 'service');
        const device = await connectAs('T-10', 'device');
        await device.subscribeAsync('coldtrace/sensors/T-10/ack', { qos: 1 });
        const qosOfNextAck = () => new Promise<number>((resolve) => device.once('message', (_topic, _payload, packet) => resolve(packet.qos)));
        for (const [session, qos] of [
            [new MqttBrokerSession(detector), 1],
            [new MqttBrokerSession(detector, { publishQos: 0 }), 0],
        ] as const) {
            const delivered = qosOfNextAck();
            session.publish('coldtrace/sensors/T-10/ack', '{"seqs":[1]}');
            assert.equal(await delivered, qos);
        }
    });

    it('refuses the TLS handshake of a certificate from another CA', async () => {
        const otherCa = await DeviceCertificateAuthority.create('some other CA');
        const impostor = await otherCa.issue({ commonName: 'T-1', kind: 'device' });
        await assert.rejects(connectTls(broker.url, ca.certificatePem, impostor), (error: Error) => {
            assert.match(error.message, /certificate|alert|socket|closed|ECONNRESET/i);
            return true;
        });
    });

    it('knows a device resuming its TLS session as on its first connection: its ACL still applies', async () => {
        const detector = await connectAs('coldtrace-detector-5', 'service');
        await detector.subscribeAsync('coldtrace/sensors/+/telemetry', { qos: 1 });
        const credentials = await ca.issue({ commonName: 'T-12', kind: 'device' });
        const first = await connectTls(broker.url, ca.certificatePem, credentials, { clientId: 'T-12' });
        const session = (first.stream as TLSSocket).getSession();
        await first.endAsync();
        // mqtt.js hands its options on to tls.connect, the session among them.
        const resumeOptions = { clientId: 'T-12', session };
        const resumed = await connectTls(broker.url, ca.certificatePem, credentials, resumeOptions);
        clients.push(resumed);
        assert.equal((resumed.stream as TLSSocket).isSessionReused(), true);
        const received = nextMessage(detector);
        await resumed.publishAsync('coldtrace/sensors/T-12/telemetry', '{"seq":12}', { qos: 1 });
        assert.equal((await received)[0], 'coldtrace/sensors/T-12/telemetry');
        const dropped = closed(resumed);
        resumed.publish('coldtrace/sensors/T-13/telemetry', '{"seq":1}', { qos: 1 });
        await dropped;
        assert.ok(refusals.some((r) => r.action === 'publish' && r.identity?.commonName === 'T-12' && r.topic === 'coldtrace/sensors/T-13/telemetry'));
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

    it('closes a connection sending 8 MiB (above the default 64 KiB) and delivers a message of exactly 64 KiB', async () => {
        const detector = await connectAs('coldtrace-detector-4', 'service');
        await detector.subscribeAsync('coldtrace/sensors/+/telemetry', { qos: 1 });
        const sizes: number[] = [];
        detector.on('message', (_topic, payload) => sizes.push(payload.length));
        const big = await connectAs('T-10', 'device');
        const dropped = closed(big);
        big.publish('coldtrace/sensors/T-10/telemetry', Buffer.alloc(8 * 1024 * 1024, 1), { qos: 1 });
        await dropped;
        assert.ok(refusals.some((r) => r.action === 'packet' && r.identity?.commonName === 'T-10' && /of 8388\d{3} bytes announced; the limit is 65536/.test(r.reason ?? '')));
        const fits = await connectAs('T-11', 'device');
        const topic = 'coldtrace/sensors/T-11/telemetry';
        const received = nextMessage(detector);
        await fits.publishAsync(topic, Buffer.alloc(publishPayloadFilling(65_536, topic), 2), { qos: 1 });
        await received;
        assert.deepEqual(sizes, [publishPayloadFilling(65_536, topic)]);
    });

    it('refuses a device subscribing to every sensor’s telemetry', async () => {
        const device = await connectAs('T-4', 'device');
        await assert.rejects(device.subscribeAsync('coldtrace/sensors/+/telemetry', { qos: 1 }), /Subscribe error/);
        assert.ok(refusals.some((r) => r.action === 'subscribe' && r.identity?.commonName === 'T-4'));
    });
});

describe('embedded broker: the packet size limit', () => {
    let ca: DeviceCertificateAuthority;
    let broker: EmbeddedBroker;
    const refusals: BrokerRefusal[] = [];
    const clients: MqttClient[] = [];
    const LIMIT = 4_096;

    before(async () => {
        ca = await DeviceCertificateAuthority.create();
        const server = await ca.issue({ commonName: 'localhost', kind: 'service' }, { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
        broker = await EmbeddedBroker.start({ port: 0, caPem: ca.certificatePem, ...server, maxPacketBytes: LIMIT, onRefused: (r) => refusals.push(r) });
    });
    after(async () => {
        clients.forEach((client) => client.end(true));
        await broker.close();
    });

    async function connectAs(commonName: string, kind: 'device' | 'service'): Promise<MqttClient> {
        const client = await connectTls(broker.url, ca.certificatePem, await ca.issue({ commonName, kind }), { clientId: commonName });
        clients.push(client);
        return client;
    }

    it('delivers a message whose packet is exactly the limit', async () => {
        const detector = await connectAs('coldtrace-detector', 'service');
        await detector.subscribeAsync('coldtrace/sensors/+/telemetry', { qos: 1 });
        const device = await connectAs('L-1', 'device');
        const topic = 'coldtrace/sensors/L-1/telemetry';
        const received = nextMessage(detector);
        await device.publishAsync(topic, Buffer.alloc(publishPayloadFilling(LIMIT, topic), 3), { qos: 1 });
        assert.equal((await received)[1].length, publishPayloadFilling(LIMIT, topic));
    });

    for (const announced of [LIMIT, 268_435_455]) {
        it(`closes the connection at a fixed header announcing ${announced + 1} bytes, before the broker takes in one byte of it`, async () => {
            const device = await connectAs(`L-${announced}`, 'device');
            const admitted = broker.bytesAdmitted;
            const dropped = closed(device);
            // A PUBLISH header, and the first 16 KiB of its body: the broker must not read them.
            device.stream.write(Buffer.concat([fixedHeader(0x32, announced), Buffer.alloc(16 * 1024, 9)]));
            await dropped;
            assert.equal(broker.bytesAdmitted, admitted, 'no byte of the oversized packet reached the parser');
            const refusal = refusals.find((r) => r.identity?.commonName === `L-${announced}`);
            assert.equal(refusal?.action, 'packet');
            assert.equal(refusal?.clientId, `L-${announced}`);
            assert.equal(refusal?.reason, `MQTT packet of ${announced + 1} bytes announced; the limit is ${LIMIT}`);
        });
    }
});
