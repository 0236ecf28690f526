import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { DeviceIdentity } from '@coldtrace/telemetry';
import { startBenchServer } from './bench-server';
import { elementAt } from './element-at';
import { measurePhase, type PhaseResult, saturationOf } from './ingestion-phase';
import { awaitDetectorKnows } from './ingestion-readiness';
import { mapConcurrently } from './map-concurrently';
import { MqttLoadFleet } from './mqtt-load-fleet';
import { natsGatewayFloor } from './nats-floor';
import { startNatsServer } from './nats-server-process';
import { FLOOD_GUARD } from './persistent-ingestion';
import { startPostgresCluster } from './postgres-cluster';
import type { ProcessUsage } from './process-usage';
import type { ResultTable } from './result-table';
import { SERVER_NODE_FLAGS } from './server-process';
import { issueDevices, shipmentsInTransit } from './shipment-world';

const DETECTOR_MAIN = resolve(__dirname, '../../api/dist/server/detector-main.js');
/** Persistent mutual-TLS devices of the goal (issue 17: ≥ 100, QoS 1). */
const DEVICES = 100;
/** Attached ten to a shipment, ten shipments side by side: on Fabric one shipment of 100 would attach for minutes. */
const PER_SHIPMENT = 10;
/** The readings stream's partitions (the configuration's default): each detector leases its share. */
const PARTITIONS = 8;
const DETECTORS = ['coldtrace-detector', 'coldtrace-detector-2'];
const STEP_SECONDS = 10;
const START_SPEED = 64;
const MAX_SPEED = 16_384;
/** As for the server (server-process.ts): the devices' clocks may run ahead of the detectors'. */
const CLOCK_SKEW = { COLDTRACE_MAX_CLOCK_SKEW_SECONDS: String(365 * 86_400) };

const int = (n: number) => Math.round(n).toLocaleString('en');
const usage = (u: ProcessUsage) => `${Math.round(u.cpuPercent)} (${Math.round(u.rssMiB)})`;

/** `npm run detector` beside the server, on its data directory, ledger, broker and store; resolves once it said it started. */
async function startSecondDetector(ledger: 'embedded' | 'fabric', dataDir: string, env: NodeJS.ProcessEnv, name: string): Promise<ChildProcess> {
    const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, DETECTOR_MAIN, '--ledger', ledger, '--data', dataDir, '--broker', 'nats'], {
        env: { ...process.env, LOG_LEVEL: 'info', ...CLOCK_SKEW, ...env, COLDTRACE_DETECTOR_NAME: name },
        stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((started, failed) => {
        const lines = createInterface({ input: child.stdout });
        lines.on('line', (line) => line.includes('coldtrace detector: sensors publish') && started());
        child.once('exit', (code) => failed(new Error(`detector ${name} exited with ${code} before it started`)));
    });
    // Its log from here on is not read: drain it so the pipe never fills.
    child.stdout.resume();
    return child;
}

/**
 * Readings stored and acknowledged per second from persistent mutual-TLS devices through NATS
 * JetStream (docs/telemetry.md, deployment 3): nats-server's MQTT gateway with mutual TLS, the
 * readings stream partitioned by sensor, the API's own pipeline and a second `npm run detector`
 * process sharing the partitions, the readings in one PostgreSQL cluster. Every device is a live
 * unit sending faster and faster until the detectors stop keeping up. On the embedded ledger (one
 * process at a time) only the API's detector runs: a dry run of the set-up, not the goal's figure.
 *
 * @example
 * const table = await natsIngestion('fabric', console.error);
 */
export async function natsIngestion(ledger: 'embedded' | 'fabric', progress: (line: string) => void): Promise<ResultTable> {
    const detectors = ledger === 'fabric' ? DETECTORS : DETECTORS.slice(0, 1);
    const dataDir = mkdtempSync(join(tmpdir(), 'coldtrace-bench-'));
    // A prefix of its own per run: a Fabric network keeps earlier runs' sensors.
    const prefix = `NATS${Date.now().toString(36).toUpperCase()}-`;
    const sensorIds = Array.from({ length: DEVICES }, (_, i) => `${prefix}${Math.floor(i / PER_SHIPMENT)}-${i % PER_SHIPMENT}`);
    const identities: DeviceIdentity[] = [
        ...detectors.map((commonName) => ({ commonName, kind: 'service' as const })),
        ...sensorIds.map((commonName) => ({ commonName, kind: 'device' as const })),
    ];
    const floor = await natsGatewayFloor(progress, { devices: DEVICES, seconds: STEP_SECONDS, partitions: PARTITIONS });
    progress('nats: starting PostgreSQL and nats-server');
    const pg = startPostgresCluster();
    const stops: (() => Promise<void> | void)[] = [() => pg.stop()];
    const rows: (string | number)[][] = [];
    const notes: string[] = [];
    let sustained: PhaseResult | undefined;
    let saturated: { phase: PhaseResult; why: string } | undefined;
    try {
        const nats = await startNatsServer(dataDir, identities, PARTITIONS);
        stops.unshift(() => nats.stop());
        const env = {
            ...FLOOD_GUARD,
            COLDTRACE_MQTT_URL: nats.mqttUrl,
            COLDTRACE_NATS_URL: nats.natsUrl,
            COLDTRACE_NATS_PARTITIONS: String(PARTITIONS),
            COLDTRACE_TELEMETRY_DATABASE_URL: pg.url,
        };
        progress(`nats: starting the API with detector ${elementAt(detectors, 0)}`);
        const bench = await startBenchServer(ledger, { dataDir, env, serverArgs: ['--broker', 'nats'] });
        stops.unshift(() => bench.close());
        // Started after the server: its detector identity is in the wallet they share by then.
        const second = detectors[1] ? await startSecondDetector(ledger, dataDir, env, detectors[1]) : undefined;
        if (second) {
            stops.unshift(async () => {
                if (second.exitCode === null) {
                    second.kill('SIGTERM');
                    await once(second, 'exit');
                }
            });
        }
        const setupStarted = Date.now();
        let status = { shipments: 0, issued: 0 };
        const report = (next: Partial<typeof status>) => {
            status = { ...status, ...next };
            progress(`nats: ${status.shipments}/${DEVICES / PER_SHIPMENT} shipments in transit, ${status.issued}/${DEVICES} devices issued`);
        };
        const [, devices] = await Promise.all([
            shipmentsInTransit(bench, {
                shipments: DEVICES / PER_SHIPMENT,
                sensorsPerShipment: PER_SHIPMENT,
                sensorPrefix: prefix,
                concurrency: DEVICES / PER_SHIPMENT,
                progress: (done) => report({ shipments: done }),
            }),
            issueDevices(dataDir, sensorIds, { processes: 1, progress: (done) => report({ issued: done }) }),
        ]);
        const setupSeconds = (Date.now() - setupStarted) / 1000;
        // Every device once: its partition may be either detector's, and each learns the attachments from the ledger's events.
        progress('nats: waiting for the detectors to learn the attachments');
        let eventStartMs = Date.now();
        const caughtUp = await mapConcurrently(devices, 20, (device) => awaitDetectorKnows(nats.mqttUrl, device, { seq: 0, eventMs: eventStartMs }));
        notes.push(
            `Set-up: ${DEVICES / PER_SHIPMENT} shipments of ${PER_SHIPMENT} sensors over HTTP and ${DEVICES} device certificates from the device CA took ${int(setupSeconds)} s; ` +
                `every device's first reading was acknowledged within ${Math.max(...caughtUp).toFixed(1)} s after that (the detectors learn attachments from ledger events).`,
        );
        eventStartMs = Math.max(eventStartMs, Date.now()) + 1_000;
        const fleet = await MqttLoadFleet.start({ mqttUrl: nats.mqttUrl, caPem: elementAt(devices, 0).caPem, devices, liveShare: 1, eventStartMs, firstSeq: 1, realClock: true });
        stops.unshift(() => fleet.close());
        progress(`nats: connecting ${DEVICES} devices to the MQTT gateway`);
        const live = await fleet.connectLive();
        if (live.failed > 0) {
            throw new Error(`${live.failed} of ${fleet.live} devices could not connect: ${live.lastError}`);
        }
        const stored = async () => ({ stored: Number(pg.query('SELECT count(*) FROM reading_keys')) });
        const others = [() => [nats.child.pid!], ...(second ? [() => [second.pid!]] : []), () => pg.pids()];
        const measure = (speed: number) =>
            measurePhase({ fleet, serverUrl: bench.server.url, serverPid: bench.server.child.pid!, speed, seconds: STEP_SECONDS, outcomes: stored, others });
        fleet.setSpeed(START_SPEED);
        progress(`nats: warm-up at ×${START_SPEED}`);
        // Also the time for the detectors' leases to settle on a fair share of the partitions.
        await measure(START_SPEED);
        for (let speed = START_SPEED; speed <= MAX_SPEED; speed *= 2) {
            progress(`nats: ×${speed}`);
            fleet.setSpeed(speed);
            await new Promise((r) => setTimeout(r, (STEP_SECONDS * 1000) / 3));
            const phase = await measure(speed);
            const [natsUsage, ...rest] = phase.others;
            const pgUsage = elementAt(rest, rest.length - 1);
            rows.push([
                `×${speed}`,
                int(phase.offeredPerSecond),
                int(phase.storedPerSecond),
                int(phase.ackedPerSecond),
                phase.ackP50Ms === undefined ? '–' : Math.round(phase.ackP50Ms),
                phase.ackP99Ms === undefined ? '–' : Math.round(phase.ackP99Ms),
                int(phase.backlogAfter),
                usage(natsUsage!),
                usage(phase.server),
                second ? usage(elementAt(rest, 0)) : '–',
                usage(pgUsage),
                phase.workers.map(usage).join(' / '),
            ]);
            const why = saturationOf(phase);
            if (why) {
                saturated = { phase, why };
                break;
            }
            sustained = phase;
        }
        notes.push(
            `${sustained ? `Best sustained: ${int(sustained.storedPerSecond)} readings/s stored (${int(sustained.ackedPerSecond)}/s acknowledged) at ×${sustained.speed}` : `Not sustained even at ×${START_SPEED}`}; ` +
                `${saturated ? `saturated at ×${saturated.phase.speed}: ${saturated.why}` : `not saturated up to ×${MAX_SPEED}`} (goal: ≥ 20,000).`,
            `Floor, same run: nats-server alone (its MQTT gateway into the partitioned stream, own process, fresh store) took ${int(floor.rate)} QoS 1 readings/s from ${DEVICES} persistent devices (8 in flight each) at one bare consumer acknowledging each to JetStream at once (${Math.round(floor.cpuPercent)} % CPU, ${Math.round(floor.rssMiB)} MiB); ` +
                `best sustained through the detectors = ${sustained ? `${(sustained.storedPerSecond / floor.rate).toFixed(2)}×` : '–'} the floor.`,
            `Total in PostgreSQL at the end: ${int(Number(pg.query('SELECT count(*) FROM reading_keys')))} readings (each stored once by (sensor, seq)).`,
        );
    } finally {
        for (const stop of stops) {
            await stop();
        }
    }
    return {
        id: 'nats',
        title: `Readings stored and acknowledged from ${DEVICES} persistent mutual-TLS devices (QoS 1, all live units) through NATS JetStream with ${detectors.length === 2 ? 'two detector processes' : 'one detector (a dry run: the embedded ledger is one process’s)'} and PostgreSQL`,
        ledger,
        columns: [
            'speed',
            'offered readings/s',
            'stored readings/s',
            'acknowledged readings/s',
            'ack p50 ms',
            'ack p99 ms',
            'backlog at end',
            'nats-server CPU % (RSS MiB)',
            `API + ${elementAt(detectors, 0)} CPU % (RSS MiB)`,
            `${detectors[1] ?? 'second detector'} CPU % (RSS MiB)`,
            'PostgreSQL CPU % (RSS MiB)',
            'load generators CPU % (RSS MiB)',
        ],
        rows,
        notes: [
            `nats-server 2.15.3 (network/nats/install.sh) with coldtrace's configuration (prepareNats): MQTT gateway with mutual TLS, readings stream in ${PARTITIONS} partitions by sensor (file store), each detector leasing its share; ` +
                `the API's own pipeline is the first detector${detectors.length === 2 ? ', `npm run detector` the second, on the same data directory and ledger' : ''}; the readings in one throwaway PostgreSQL 15 cluster (fsync off). Each device dates its readings by the real clock; ×N sends N times as often as a reefer unit's one reading per 10 s.`,
            `Stored: rows of the shared store (count of reading_keys) per second; acknowledged: acks the devices received (each after its reading's durable commit). Each row is one run of ${STEP_SECONDS} s after a settling third of it. CPU in % of one core from /proc; PostgreSQL is its postmaster and backends summed; load generators separated by /.`,
            ...notes,
        ],
    };
}
