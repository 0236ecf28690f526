import { readFileSync } from 'node:fs';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { ReadingAck, Topics } from '@coldtrace/iot-sensor/protocol';
import { mapConcurrently } from './map-concurrently';
import { type FromWorker, LIVE_INTERVAL_S, type LoadDevice, LOGGER_SAMPLE_S, LOGGER_WAKE_S, type ToWorker, type WorkerCounters } from './mqtt-load-protocol';

/**
 * One load-generator process of the ingestion benchmark (forked by MqttLoadFleet): its devices
 * speak MQTT over mutual TLS, each with its own certificate and connection, as real ones do.
 * Live units stay connected and publish on their interval; loggers connect, upload their backlog,
 * wait for its acknowledgements and disconnect. Time runs `speed` times faster than real.
 */

const TICK_MS = 20;
const SAMPLE_CAP = 5_000;
/** A logger gives up an upload (and retries at its next wake) after this long without all its acks. */
const UPLOAD_TIMEOUT_MS = 60_000;
const CONNECT_LIVE_IN_FLIGHT = 64;

/** Keeps a uniform sample of at most SAMPLE_CAP values (reservoir sampling). */
class Reservoir {
    #values: number[] = [];
    #seen = 0;
    add(value: number): void {
        this.#seen += 1;
        if (this.#values.length < SAMPLE_CAP) {
            this.#values.push(value);
        } else {
            const at = Math.floor(Math.random() * this.#seen);
            if (at < SAMPLE_CAP) {
                this.#values[at] = value;
            }
        }
    }
    take(): number[] {
        const values = this.#values;
        this.#values = [];
        this.#seen = 0;
        return values;
    }
}

interface Device extends LoadDevice {
    seq: number;
    eventMs: number;
    /** With the real clock: how far ahead of it this device's clock runs. */
    clockOffsetMs: number;
    dueMs: number;
    /** Measured readings by seq, with when they were published (0: not yet). */
    unacked: Map<number, { payload: string; publishedAt: number }>;
    client?: MqttClient;
    uploading: boolean;
    uploaded?: () => void;
}

const send = (message: FromWorker) => process.send!(message);
const counters = { generated: 0, published: 0, acked: 0, handshakes: 0, connectFailures: 0, lateWakes: 0, openConnections: 0 };
const ackLatency = new Reservoir();
const handshakeTime = new Reservoir();
let devices: Device[] = [];
let connection: IClientOptions = {};
let speed = 0;
let realClock = false;
let timer: NodeJS.Timeout | undefined;
/** Devices by the tick their next reading or wake falls in. */
let calendar = new Map<number, Device[]>();
let nextTick = 0;

const periodMs = (device: Device) => ((device.live ? LIVE_INTERVAL_S : LOGGER_WAKE_S) * 1000) / speed;

/** Files `device` under the tick of `dueMs`, never before `firstTick` (a tick being run is not visited again). */
function plan(device: Device, dueMs: number, firstTick = nextTick): void {
    device.dueMs = dueMs;
    const tick = Math.max(firstTick, Math.floor(dueMs / TICK_MS));
    const slot = calendar.get(tick);
    if (slot) {
        slot.push(device);
    } else {
        calendar.set(tick, [device]);
    }
}

function measure(device: Device): void {
    const seq = device.seq++;
    device.eventMs =
        realClock && device.live ? Math.max(device.eventMs + 1, Date.now() + device.clockOffsetMs) : device.eventMs + (device.live ? LIVE_INTERVAL_S : LOGGER_SAMPLE_S) * 1000;
    // In range (2–8 °C): this benchmark is about ingestion, not excursions.
    const tempC = Math.round((4 + Math.random() * 2) * 10) / 10;
    const payload = JSON.stringify({ sensorId: device.sensorId, seq, ts: new Date(device.eventMs).toISOString(), tempC, lat: 52.37, lon: 4.9 });
    device.unacked.set(seq, { payload, publishedAt: 0 });
    counters.generated += 1;
}

function publishUnsent(device: Device): void {
    const now = Date.now();
    for (const [, reading] of device.unacked) {
        if (reading.publishedAt === 0) {
            reading.publishedAt = now;
            counters.published += 1;
            device.client!.publish(Topics.telemetry(device.sensorId), reading.payload, { qos: 1 });
        }
    }
}

function onAck(device: Device, payload: Buffer): void {
    const parsed = ReadingAck.safeParse(JSON.parse(payload.toString('utf8')));
    if (!parsed.success) {
        return;
    }
    const now = Date.now();
    for (const seq of parsed.data.seqs) {
        const reading = device.unacked.get(seq);
        if (reading) {
            device.unacked.delete(seq);
            counters.acked += 1;
            ackLatency.add(now - reading.publishedAt);
        }
    }
    if (device.unacked.size === 0) {
        device.uploaded?.();
    }
}

/** Connects a device; resolves once its ack subscription is in place, rejects if it cannot connect. */
function open(device: Device, reconnect: boolean): Promise<MqttClient> {
    const started = Date.now();
    const client = connect({
        ...connection,
        clientId: device.sensorId,
        cert: device.certificatePem,
        key: device.privateKeyPem,
        localAddress: device.localAddress,
        reconnectPeriod: reconnect ? 1_000 : 0,
    } as IClientOptions);
    device.client = client;
    client.on('message', (_topic, payload) => onAck(device, payload));
    let up = false;
    client.on('connect', () => {
        counters.handshakes += 1;
        counters.openConnections += up ? 0 : 1;
        up = true;
    });
    client.on('close', () => {
        counters.openConnections -= up ? 1 : 0;
        up = false;
    });
    return new Promise((resolve, reject) => {
        client.once('connect', () => {
            handshakeTime.add(Date.now() - started);
            client.subscribeAsync(Topics.ack(device.sensorId), { qos: 1 }).then(() => resolve(client), reject);
        });
        client.once('error', (error) => {
            counters.connectFailures += 1;
            client.end(true);
            reject(error);
        });
    });
}

async function upload(device: Device): Promise<void> {
    device.uploading = true;
    let client: MqttClient | undefined;
    try {
        client = await open(device, false);
        const done = new Promise<void>((resolve) => {
            device.uploaded = resolve;
            setTimeout(resolve, UPLOAD_TIMEOUT_MS).unref();
        });
        publishUnsent(device);
        await done;
    } catch {
        // Not uploaded: the readings stay in the backlog for the next wake.
    } finally {
        device.uploaded = undefined;
        for (const reading of device.unacked.values()) {
            reading.publishedAt = 0;
        }
        client?.end(true);
        device.client = undefined;
        device.uploading = false;
    }
}

function act(device: Device): void {
    if (device.live) {
        measure(device);
        publishUnsent(device);
        return;
    }
    for (let n = 0; n < LOGGER_WAKE_S / LOGGER_SAMPLE_S; n++) {
        measure(device);
    }
    if (device.uploading) {
        counters.lateWakes += 1;
    } else {
        void upload(device);
    }
}

function tick(): void {
    const now = Date.now();
    for (const until = Math.floor(now / TICK_MS); nextTick <= until; nextTick++) {
        const due = calendar.get(nextTick);
        calendar.delete(nextTick);
        for (const device of due ?? []) {
            // A period shorter than a tick (over 50 readings/s a device): the readings due within it go out together.
            const period = periodMs(device);
            let next = device.dueMs;
            for (let n = 0; n === 0 || (next <= now && n * period < TICK_MS); n++) {
                act(device);
                next += period;
            }
            // Behind by more than a period (an overloaded worker): skip rather than burst to catch up.
            plan(device, Math.max(next, now), nextTick + 1);
        }
    }
}

function setSpeed(next: number): void {
    const now = Date.now();
    const first = speed === 0;
    const ratio = first ? 0 : speed / next;
    speed = next;
    const previous = calendar;
    calendar = new Map();
    nextTick = Math.floor(now / TICK_MS);
    // Spread the first readings over a period; later, what remains of each period shrinks with the speed-up.
    for (const device of first ? devices : [...previous.values()].flat()) {
        plan(device, first ? now + Math.random() * periodMs(device) : now + Math.max(0, device.dueMs - now) * ratio);
    }
    timer ??= setInterval(tick, TICK_MS);
}

async function connectLive(): Promise<void> {
    let failed = 0;
    let lastError: string | undefined;
    const live = devices.filter((d) => d.live);
    await mapConcurrently(live, CONNECT_LIVE_IN_FLIGHT, (device) =>
        open(device, true).catch((error: Error) => {
            failed += 1;
            lastError = error.message;
        }),
    );
    send({ type: 'live-connected', connected: live.length - failed, failed, lastError });
}

function report(): WorkerCounters {
    const backlog = devices.reduce((sum, d) => sum + d.unacked.size, 0);
    const latestEventMs = devices.reduce((max, d) => Math.max(max, d.eventMs), 0);
    const latestSeq = devices.reduce((max, d) => Math.max(max, d.seq), 0);
    return { ...counters, backlog, latestEventMs, latestSeq, ackLatencyMs: ackLatency.take(), handshakeMs: handshakeTime.take() };
}

process.on('message', (message: ToWorker) => {
    switch (message.type) {
        case 'init': {
            const url = new URL(message.mqttUrl);
            // The broker's certificate names localhost; connecting by address lets devices pick their source address.
            connection = {
                protocol: 'mqtts',
                host: '127.0.0.1',
                port: Number(url.port),
                servername: url.hostname,
                ca: message.caPem,
                rejectUnauthorized: true,
                clean: true,
                keepalive: 120,
                connectTimeout: 60_000,
            };
            const loaded = JSON.parse(readFileSync(message.devicesFile, 'utf8')) as LoadDevice[];
            realClock = message.realClock ?? false;
            devices = loaded.map((d) => {
                const eventMs = message.eventStartMs + Math.random() * 60_000;
                return { ...d, seq: message.firstSeq, eventMs, clockOffsetMs: Math.max(0, eventMs - Date.now()), dueMs: 0, unacked: new Map(), uploading: false };
            });
            send({ type: 'ready' });
            break;
        }
        case 'connect-live':
            void connectLive();
            break;
        case 'speed':
            setSpeed(message.speed);
            break;
        case 'report':
            send({ type: 'counters', counters: report() });
            break;
        case 'stop':
            clearInterval(timer);
            for (const device of devices) {
                device.client?.end(true);
            }
            send({ type: 'stopped' });
            process.disconnect();
            break;
    }
});
process.on('uncaughtException', (error) => send({ type: 'error', message: error.stack ?? error.message }));
