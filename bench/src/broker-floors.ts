import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, createSecureContext, type SecureContext } from 'node:tls';
import type { MqttClient } from 'mqtt';
import { connectTls, type DeviceCertificateAuthority, type IssuedCredentials, openOrCreateDeviceCertificateAuthority } from '@coldtrace/telemetry';
import type { BrokerServerCredentials, BrokerUnderTest } from './broker-floor-server';
import { mapConcurrently } from './map-concurrently';
import { sampleProcess, usageBetween } from './process-usage';
import type { ResultTable } from './result-table';
import { elementAt } from './element-at';

export interface Device extends IssuedCredentials {
    id: string;
}

/** MQTT 3.1.1 CONNECT with a clean session and `clientId`: all a handshake needs to be answered with CONNACK. */
function connectPacket(clientId: string): Buffer {
    const id = Buffer.from(clientId);
    const body = Buffer.concat([Buffer.from([0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 0x02, 0, 60, id.length >> 8, id.length & 0xff]), id]);
    return Buffer.concat([Buffer.from([0x10, body.length]), body]);
}

async function startServer(kind: BrokerUnderTest, credentials: BrokerServerCredentials): Promise<{ child: ChildProcess; port: number }> {
    const child = fork(join(__dirname, 'broker-floor-server.js'), [kind]);
    child.send(credentials);
    const port = await new Promise<number>((resolve, reject) => {
        child.once('message', (message: { port: number }) => resolve(message.port));
        child.once('exit', (code) => reject(new Error(`${kind} server exited (${code})`)));
    });
    return { child, port };
}

/**
 * Full mutual-TLS handshakes per second (or resumed ones, with the session ticket of each
 * device's previous connection) from `concurrency` clients for `seconds`: a handshake counts once
 * the server answered the client's MQTT CONNECT (the bare TLS server with a canned CONNACK).
 */
async function handshakes(port: number, devices: Device[], caPem: string, seconds: number, resume: boolean): Promise<number> {
    const sessions = new Map<string, Buffer>();
    // One context per device, made before the clock starts: parsing keys per connection would measure the client.
    const contexts = new Map<string, SecureContext>(devices.map((d) => [d.id, createSecureContext({ ca: caPem, cert: d.certificatePem, key: d.privateKeyPem })]));
    const deadline = Date.now() + seconds * 1000;
    let done = 0;
    const one = (device: Device) =>
        new Promise<void>((resolve, reject) => {
            const socket = tlsConnect(
                {
                    host: '127.0.0.1',
                    port,
                    servername: 'localhost',
                    secureContext: contexts.get(device.id),
                    ...(resume && sessions.has(device.id) ? { session: sessions.get(device.id) } : {}),
                },
                () => socket.write(connectPacket(device.id)),
            );
            socket.on('session', (session) => sessions.set(device.id, session));
            socket.once('data', () => {
                done += 1;
                socket.destroy();
                resolve();
            });
            socket.once('error', reject);
        });
    const clients = Array.from({ length: 16 }, async (_, c) => {
        for (let i = c; Date.now() < deadline; i += 16) {
            await one(elementAt(devices, i % devices.length));
        }
    });
    await Promise.all(clients);
    return done / seconds;
}

/**
 * Every device connects (persistent session, mutual TLS) and publishes QoS 1 readings with 8 in
 * flight, each as soon as one is acknowledged, until the returned stop is called.
 *
 * @example
 * const stop = await startPublishers('mqtts://localhost:8883', devices, caPem);
 * await stop();
 */
export async function startPublishers(url: string, devices: readonly Device[], caPem: string): Promise<() => Promise<void>> {
    // Ten at a time, with room for a busy machine: the connects are not what is measured here.
    const clients: MqttClient[] = await mapConcurrently(devices, 10, (d) =>
        connectTls(url.replace('//localhost:', '//127.0.0.1:'), caPem, d, { clientId: d.id, clean: false, connectTimeout: 60_000, servername: 'localhost' }),
    );
    let running = true;
    const payload = (id: string, seq: number) => JSON.stringify({ sensorId: id, seq, ts: new Date().toISOString(), tempC: 5, lat: 52.1, lon: 4.3 });
    const loops = clients.map(async (client, i) => {
        // mapConcurrently keeps the order: client i is device i's.
        const id = elementAt(devices, i).id;
        for (let seq = 0; running; seq += 8) {
            await Promise.all(Array.from({ length: 8 }, (_, k) => client.publishAsync(`coldtrace/sensors/${id}/telemetry`, payload(id, seq + k), { qos: 1 })));
        }
    });
    return async () => {
        running = false;
        await Promise.allSettled(loops);
        await Promise.all(clients.map((c) => c.endAsync(true)));
    };
}

/** Readings/s counted by `received` over `seconds`, after 2 s for the publishers to get going (`onStart` hears when counting starts). */
export async function countedRate(received: () => number, seconds: number, onStart?: () => void): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    onStart?.();
    const start = received();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    return (received() - start) / seconds;
}

/** Readings/s through the broker: every device publishes QoS 1 with 8 in flight; one persistent QoS 1 subscriber takes them all. */
async function publishRate(url: string, devices: Device[], subscriber: Device, caPem: string, seconds: number): Promise<number> {
    const sink = await connectTls(url, caPem, subscriber, { clientId: subscriber.id, clean: false, connectTimeout: 60_000 });
    let received = 0;
    sink.on('message', () => (received += 1));
    await sink.subscribeAsync('coldtrace/sensors/+/telemetry', { qos: 1 });
    const stop = await startPublishers(url, devices, caPem);
    const rate = await countedRate(() => received, seconds);
    await stop();
    await sink.endAsync(true);
    return rate;
}

/** Certificates for a floor run: the device CA, `count` devices and the subscriber standing in for the detector. */
interface FloorBed {
    ca: DeviceCertificateAuthority;
    credentials: BrokerServerCredentials;
    devices: Device[];
    subscriber: Device;
}

async function prepareFloorBed(dir: string, count: number, progress: (line: string) => void): Promise<FloorBed> {
    const ca = await openOrCreateDeviceCertificateAuthority(join(dir, 'ca'));
    const server = await ca.issue({ commonName: 'localhost', kind: 'service' }, { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
    progress(`broker floors: issuing ${count} device certificates`);
    const devices: Device[] = [];
    for (let i = 0; i < count; i++) {
        devices.push({ id: `FLOOR-${i}`, ...(await ca.issue({ commonName: `FLOOR-${i}`, kind: 'device' })) });
    }
    const subscriber: Device = { id: 'coldtrace-detector', ...(await ca.issue({ commonName: 'coldtrace-detector', kind: 'service' })) };
    return { ca, credentials: { caPem: ca.certificatePem, ...server }, devices, subscriber };
}

/** One server of `kind` in its own process for the length of `run`, with its CPU and memory over it. */
async function measureOn(kind: BrokerUnderTest, bed: FloorBed, run: (port: number) => Promise<number>): Promise<{ rate: number; cpuPercent: number; rssMiB: number }> {
    const { child, port } = await startServer(kind, bed.credentials);
    try {
        const before = sampleProcess(child.pid!);
        const rate = await run(port);
        const usage = usageBetween(before, sampleProcess(child.pid!));
        return { rate, cpuPercent: usage.cpuPercent, rssMiB: usage.rssMiB };
    } finally {
        child.kill();
    }
}

/**
 * The floor of the readings path alone: QoS 1 readings/s from `devices` persistent mutual-TLS
 * sessions through aedes with no hooks, counted at one persistent subscriber (what the whole
 * pipeline is compared with in the same run).
 *
 * @example
 * const floor = await bareAedesReadings(console.error, { devices: 100, seconds: 10 }); // { rate: 60000, cpuPercent: 95, rssMiB: 160 }
 */
export async function bareAedesReadings(
    progress: (line: string) => void,
    options: { devices: number; seconds: number },
): Promise<{ rate: number; cpuPercent: number; rssMiB: number }> {
    const dir = mkdtempSync(join(tmpdir(), 'coldtrace-broker-floors-'));
    try {
        const bed = await prepareFloorBed(dir, options.devices, progress);
        progress('broker floors: QoS 1 readings on bare aedes');
        return await measureOn('bare-aedes', bed, (port) => publishRate(`mqtts://localhost:${port}`, bed.devices, bed.subscriber, bed.ca.certificatePem, options.seconds));
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * The embedded broker against its floors in the same run: mutual-TLS handshakes/s against a bare
 * Node TLS server that demands client certificates (full and resumed with TLS 1.3 session tickets),
 * and QoS 1 readings/s from persistent device sessions against aedes with no hooks behind the same
 * TLS server. Each server runs in its own process; the load comes from this one.
 *
 * @example
 * const table = await brokerFloors(console.error, { devices: 100, seconds: 10 });
 */
export async function brokerFloors(progress: (line: string) => void, options: { devices?: number; seconds?: number } = {}): Promise<ResultTable> {
    const count = options.devices ?? 100;
    const seconds = options.seconds ?? 10;
    const dir = mkdtempSync(join(tmpdir(), 'coldtrace-broker-floors-'));
    try {
        const bed = await prepareFloorBed(dir, count, progress);
        const { ca, devices, subscriber } = bed;
        const rows: (string | number)[][] = [];
        const measured = new Map<string, number>();
        const measure = async (kind: BrokerUnderTest, label: string, run: (port: number) => Promise<number>) => {
            progress(`broker floors: ${label} on ${kind}`);
            const { rate, cpuPercent, rssMiB } = await measureOn(kind, bed, run);
            measured.set(`${label} ${kind}`, rate);
            rows.push([label, kind, Math.round(rate).toLocaleString('en'), Math.round(cpuPercent), Math.round(rssMiB)]);
        };
        for (const resume of [false, true]) {
            const label = resume ? 'mTLS handshakes/s, resumed (TLS 1.3 ticket)' : 'mTLS handshakes/s, full';
            for (const kind of ['bare-tls', 'embedded'] as const) {
                await measure(kind, label, (port) => handshakes(port, devices, ca.certificatePem, seconds, resume));
            }
        }
        for (const kind of ['bare-aedes', 'embedded'] as const) {
            await measure(kind, `QoS 1 readings/s, ${count} persistent devices`, (port) =>
                publishRate(`mqtts://localhost:${port}`, devices, subscriber, ca.certificatePem, seconds),
            );
        }
        const ratio = (label: string, floor: BrokerUnderTest) => ((measured.get(`${label} embedded`) ?? 0) / (measured.get(`${label} ${floor}`) ?? 1)).toFixed(2);
        return {
            id: 'broker',
            title: 'Embedded broker against its floors in the same run (each server in its own process, load from the bench process)',
            ledger: 'embedded',
            columns: ['measure', 'server', 'rate', 'server CPU %', 'server RSS MiB'],
            rows,
            notes: [
                `Embedded ÷ floor: full handshakes ${ratio('mTLS handshakes/s, full', 'bare-tls')}×, resumed ${ratio('mTLS handshakes/s, resumed (TLS 1.3 ticket)', 'bare-tls')}×, readings ${ratio(`QoS 1 readings/s, ${count} persistent devices`, 'bare-aedes')}×.`,
                'Handshakes: 16 clients in a loop, each a new TLS connection with a device certificate, counted when the server answers the MQTT CONNECT of the client (a canned CONNACK from the bare TLS server, which decrypts the CONNECT and encrypts its answer like the broker, a real one from the broker). Readings: 8 QoS 1 PUBLISHes in flight per device, counted at one persistent QoS 1 subscriber; the broker only (no detector, no store).',
                `${seconds} s per measure; the machine is shared, so only ratios within one run mean anything.`,
            ],
        };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
