import type { MqttClient } from 'mqtt';
import { connectTls } from '@coldtrace/telemetry';
import { Topics } from '@coldtrace/iot-sensor';
import { startBenchServer } from './bench-server';
import { readEventStream } from './event-stream-reader';
import { latencyStats } from './latency-stats';
import { mapConcurrently } from './map-concurrently';
import type { ResultTable } from './result-table';
import { certifyDevices, shipmentsInTransit } from './shipment-world';
import { elementAt } from './element-at';

const MINUTE = 60_000;
/** The shipment's tolerance: out of range this long is an excursion. */
const TOLERATED_MINUTES = 10;
/** The detector's default allowed lateness: a reading is final once the sensor is this far past it. */
const LATENESS_MINUTES = 2;
const SENSORS = 10;

type ExcursionEvent = 'ExcursionRecorded' | 'ExcursionClosed';

/** When one excursion of one sensor became a ledger fact and reached an SSE client. */
interface Awaited {
    committedMs?: number;
    sseMs?: number;
    done: () => void;
}

interface Sensor {
    sensorId: string;
    client: MqttClient;
    seq: number;
    /** Event time of the sensor's next reading. */
    clockMs: number;
}

/** Where each excursion's two arrivals are awaited: the server's log says committed, the SSE stream says delivered. */
class Arrivals {
    readonly #awaited = new Map<string, Awaited>();

    expect(sensorId: string, type: ExcursionEvent, timeoutMs: number): Promise<Awaited> {
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
                this.#awaited.delete(`${sensorId}:${type}`);
                reject(new Error(`${type} of ${sensorId} not committed and streamed within ${timeoutMs / 1000} s`));
            }, timeoutMs);
            const entry: Awaited = {
                done: () => {
                    clearTimeout(timer);
                    this.#awaited.delete(`${sensorId}:${type}`);
                    resolve(entry);
                },
            };
            this.#awaited.set(`${sensorId}:${type}`, entry);
        });
    }

    saw(sensorId: string, type: string, field: 'committedMs' | 'sseMs', ms: number): void {
        const entry = this.#awaited.get(`${sensorId}:${type}`);
        if (entry && entry[field] === undefined) {
            entry[field] = ms;
            if (entry.committedMs !== undefined && entry.sseMs !== undefined) {
                entry.done();
            }
        }
    }
}

async function publish(sensor: Sensor, tempC: number): Promise<void> {
    const reading = { sensorId: sensor.sensorId, seq: sensor.seq++, ts: new Date(sensor.clockMs).toISOString(), tempC, lat: 52.37, lon: 4.9 };
    sensor.clockMs += MINUTE;
    await sensor.client.publishAsync(Topics.telemetry(sensor.sensorId), JSON.stringify(reading), { qos: 1 });
}

/**
 * Time from the reading that decides an excursion to the excursion committed on the ledger (the
 * detector's submit answered) and to its event on an SSE stream, with one sensor breaching at a
 * time and with ten at once, on a server in its own process with the detector's defaults.
 *
 * Readings run on the sensors' own clock, one per minute, ahead of the wall clock: a reading out of
 * range opens a warning, the reading TOLERATED_MINUTES later breaches the tolerance, and the
 * detector makes it final once the sensor is LATENESS_MINUTES past it (late readings may still
 * arrive until then). That deciding reading starts the clock.
 *
 * @example
 * const table = await detectionLatency('embedded', console.log);
 */
export async function detectionLatency(ledger: 'embedded' | 'fabric', progress: (line: string) => void): Promise<ResultTable> {
    const arrivals = new Arrivals();
    const bench = await startBenchServer(ledger, {
        onLogLine: (line) => {
            if (!line.includes('"telemetry":{"type":"Excursion')) {
                return;
            }
            const { telemetry } = JSON.parse(line) as { telemetry: { type: string; at: string; excursion: { sensorId: string } } };
            arrivals.saw(telemetry.excursion.sensorId, telemetry.type, 'committedMs', Date.parse(telemetry.at));
        },
    });
    const sensors: Sensor[] = [];
    try {
        const carrier = await bench.signIn('carrier');
        const stream = await readEventStream(bench.server.url, carrier.token, (event) => {
            const sensorId = event.data.ids?.sensorId;
            if (sensorId) {
                arrivals.saw(sensorId, event.type, 'sseMs', event.receivedMs);
            }
        });
        try {
            progress('detection: shipments and devices');
            const profile = { tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: TOLERATED_MINUTES };
            const shipments = await shipmentsInTransit(bench, {
                shipments: SENSORS,
                sensorsPerShipment: 1,
                sensorPrefix: `DET-${Date.now().toString(36).toUpperCase()}-`,
                profile,
            });
            const devices = await certifyDevices(
                bench,
                shipments.flatMap((s) => s.sensorIds),
            );
            for (const [i, device] of devices.entries()) {
                const client = await connectTls(bench.server.mqttUrl, device.caPem, device, { clientId: device.sensorId });
                sensors.push({ sensorId: device.sensorId, client, seq: 0, clockMs: elementAt(shipments, i).attachedMs + MINUTE });
            }
            const timeoutMs = ledger === 'fabric' ? 60_000 : 20_000;
            /** One excursion, opened and closed; resolves with the deciding reading's two latencies. */
            const excursion = async (sensor: Sensor, beforeDeciding: () => Promise<void>) => {
                await publish(sensor, 5);
                for (let minute = 0; minute < TOLERATED_MINUTES + LATENESS_MINUTES; minute++) {
                    await publish(sensor, 12);
                }
                await beforeDeciding();
                const recorded = arrivals.expect(sensor.sensorId, 'ExcursionRecorded', timeoutMs);
                const publishedMs = Date.now();
                await publish(sensor, 12);
                const { committedMs, sseMs } = await recorded;
                const closed = arrivals.expect(sensor.sensorId, 'ExcursionClosed', timeoutMs);
                for (let minute = 0; minute <= LATENESS_MINUTES; minute++) {
                    await publish(sensor, 5);
                }
                await closed;
                return { committed: committedMs! - publishedMs, sse: sseMs! - publishedMs };
            };
            // The readings before the deciding one change nothing on the ledger; they settle first.
            const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 250));
            await excursion(elementAt(sensors, 0), settle); // warm-up

            const cycles = ledger === 'fabric' ? 40 : 100;
            const alone: { committed: number; sse: number }[] = [];
            for (let n = 0; n < cycles; n++) {
                progress(`detection: one sensor at a time, excursion ${n + 1}/${cycles}`);
                alone.push(await excursion(elementAt(sensors, n % sensors.length), settle));
            }
            const rounds = ledger === 'fabric' ? 5 : 10;
            const together: { committed: number; sse: number }[] = [];
            for (let round = 0; round < rounds; round++) {
                progress(`detection: ${SENSORS} sensors at once, round ${round + 1}/${rounds}`);
                // Every sensor's deciding reading goes out at the same moment, once all are ready.
                let ready = 0;
                let release!: () => void;
                const allReady = new Promise<void>((resolve) => (release = resolve));
                const barrier = async () => {
                    if (++ready === sensors.length) {
                        await settle();
                        release();
                    }
                    await allReady;
                };
                together.push(...(await mapConcurrently(sensors, sensors.length, (sensor) => excursion(sensor, barrier))));
            }
            const row = (label: string, samples: { committed: number; sse: number }[]) => {
                const committed = latencyStats(samples.map((s) => s.committed));
                const sse = latencyStats(samples.map((s) => s.sse));
                return [label, samples.length, committed.p50, committed.p99, sse.p50, sse.p99];
            };
            return {
                id: 'detection',
                title: 'Detection latency: the reading that decides an excursion → excursion committed on the ledger, and → its SSE event',
                ledger,
                columns: ['excursions decided', 'excursions', 'committed p50 ms', 'committed p99 ms', 'SSE event p50 ms', 'SSE event p99 ms'],
                rows: [row('one sensor at a time', alone), row(`${SENSORS} sensors at the same moment`, together)],
                notes: [
                    `Devices publish over mutual-TLS MQTT (QoS 1) to the server's embedded broker; one reading per minute of the sensor's own clock, 2–8 °C tolerated out of range for ${TOLERATED_MINUTES} minutes. The clock starts when the deciding reading is published: the detector holds a breach until the sensor is ${LATENESS_MINUTES} minutes (its default allowed lateness) past the breaching reading, so with sensors reporting in real time each minute, add those ${LATENESS_MINUTES} minutes of waiting for late readings.`,
                    'Committed: the time the server logs when the ledger answered the detector’s submit (' +
                        (ledger === 'fabric' ? 'on Fabric once every organization’s peer committed the block' : 'the embedded ledger commits the block before it answers') +
                        '). SSE: the event arriving on a carrier’s `GET /api/v1/events` stream in the load generator’s process. Same machine, same clock.',
                    `${ledger === 'fabric' ? 40 : 100} excursions one after another over ${SENSORS} sensors, then ${ledger === 'fabric' ? 5 : 10} rounds of all ${SENSORS} at once, after one warm-up; each excursion is closed (another transaction) before the next.`,
                ],
            };
        } finally {
            stream.close();
        }
    } finally {
        for (const sensor of sensors) {
            sensor.client.end(true);
        }
        await bench.close();
    }
}
