import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchServer } from './bench-server';
import { formatShares, readCpuProfile, summarizeCpuProfile } from './cpu-profile';
import { busiestResource, measurePhase, type PhaseResult, saturationOf } from './ingestion-phase';
import { awaitDetectorKnows } from './ingestion-readiness';
import { MqttLoadFleet } from './mqtt-load-fleet';
import { LIVE_INTERVAL_S, LOGGER_SAMPLE_S, LOGGER_WAKE_S } from './mqtt-load-protocol';
import { medianWithSpread, type ResultTable } from './result-table';
import { type DeviceCredentials, issueDevices, shipmentsInTransit } from './shipment-world';
import { elementAt } from './element-at';

export interface IngestionOptions {
    /** Fleet sizes, grown one after the other on one server; default 1,000, 10,000 and 100,000. */
    fleets?: number[];
    sensorsPerShipment?: number;
    /** Load-generator processes; default 2. */
    workers?: number;
    /** Share of always-connected units; default 0.1 (the rest are battery loggers). */
    liveShare?: number;
    /** Runs of the steady phase at nominal rates; default 3. */
    runs?: number;
    steadySeconds?: number;
    /** Seconds measured at each speed of the saturation search (after a settling third of it). */
    stepSeconds?: number;
    /** The saturation search doubles the speed up to this; default 256. */
    maxSpeed?: number;
    /** The first speed the search tries after nominal; default 2 (a small fleet of live units needs a head start). */
    startSpeed?: number;
    /** Told the best stored readings/s each fleet sustained (undefined when even the slowest speed was not). */
    onSustained?: (size: number, storedPerSecond: number | undefined) => void;
    /** Profile the server and say where its time went in the saturation phase of the largest fleet. */
    profile?: boolean;
    /** The server's environment beyond the benchmark's own (e.g. a flood guard that lets the search go on). */
    serverEnv?: NodeJS.ProcessEnv;
    /** Live units date their readings by the real clock, not the fleet's ×N one (see MqttLoadFleetOptions). */
    realClock?: boolean;
}

const int = (n: number) => Math.round(n).toLocaleString('en');
const cpuAndMemory = (phases: PhaseResult[], pick: (p: PhaseResult) => { cpuPercent: number; rssMiB: number; peakRssMiB: number }[]): [cpu: string, memory: string] => {
    // One column per process (the server, or each worker), its samples one per phase.
    const processes = pick(elementAt(phases, 0)).map((_, i) => phases.map((p) => elementAt(pick(p), i)));
    return [
        processes
            .map((samples) =>
                medianWithSpread(
                    samples.map((s) => s.cpuPercent),
                    0,
                ),
            )
            .join(' / '),
        processes.map((samples) => `${Math.round(elementAt(samples, samples.length - 1).rssMiB)} (${Math.round(Math.max(...samples.map((s) => s.peakRssMiB)))})`).join(' / '),
    ];
};

const speedLabel = (speed: number) => (speed >= 1 ? `×${speed}` : `×1/${1 / speed}`);

/**
 * Doubles the speed from nominal until the server stops keeping up; if it does not even keep up at
 * nominal, halves it until it does. Returns the phases measured beyond the nominal ones, the phase
 * to profile (the first saturated one, else the fastest) and a sentence for the notes.
 */
async function searchSaturation(
    fleet: MqttLoadFleet,
    measure: (speed: number, seconds: number) => Promise<PhaseResult>,
    nominal: PhaseResult[],
    limits: { stepSeconds: number; maxSpeed: number; minSpeed: number; startSpeed: number },
    progress: (speed: string) => void,
): Promise<{ phases: PhaseResult[]; profiled: PhaseResult; summary: string; best?: PhaseResult }> {
    const cores = availableParallelism();
    const nominalSaturated = saturationOf(nominal.at(-1)!);
    const phases: PhaseResult[] = [];
    let best = nominalSaturated ? undefined : nominal.reduce((a, b) => (b.storedPerSecond > a.storedPerSecond ? b : a));
    let saturated: { phase: PhaseResult; why: string } | undefined = nominalSaturated ? { phase: nominal.at(-1)!, why: nominalSaturated } : undefined;
    const factor = nominalSaturated ? 0.5 : 2;
    for (let speed = nominalSaturated ? factor : limits.startSpeed; speed <= limits.maxSpeed && speed >= limits.minSpeed; speed *= factor) {
        progress(speedLabel(speed));
        fleet.setSpeed(speed);
        // Let the queues of the previous speed drain or fill before measuring.
        await new Promise((resolve) => setTimeout(resolve, (limits.stepSeconds * 1000) / 3));
        const phase = await measure(speed, limits.stepSeconds);
        phases.push(phase);
        const why = saturationOf(phase);
        if (nominalSaturated ? !why : why) {
            if (why) {
                saturated = { phase, why };
            } else {
                best = phase;
            }
            break;
        }
        if (!why && (!best || phase.storedPerSecond > best.storedPerSecond)) {
            best = phase;
        }
    }
    const sustained = best
        ? `max sustained ${int(best.storedPerSecond)} stored readings/s (${speedLabel(best.speed)})`
        : `nominal rates not sustained even at ${speedLabel(limits.minSpeed)}`;
    const verdict = saturated
        ? `saturated at ${speedLabel(saturated.phase.speed)}: ${saturated.why}; ${busiestResource(saturated.phase, cores)}`
        : `not saturated up to ${speedLabel(limits.maxSpeed)}`;
    return { phases, profiled: saturated?.phase ?? phases.at(-1) ?? nominal.at(-1)!, summary: `${sustained}; ${verdict}`, best };
}

function row(fleet: MqttLoadFleet, label: string, phases: PhaseResult[]): (string | number)[] {
    const median = (pick: (p: PhaseResult) => number | undefined, digits = 0) => {
        const values = phases.map(pick).filter((v): v is number => v !== undefined);
        return values.length ? medianWithSpread(values, digits) : '–';
    };
    const [serverCpu, serverRss] = cpuAndMemory(phases, (p) => [p.server]);
    const [workerCpu, workerRss] = cpuAndMemory(phases, (p) => p.workers);
    return [
        `${int(fleet.live + fleet.loggers)} (${int(fleet.live)} live + ${int(fleet.loggers)} loggers)`,
        label,
        median((p) => p.offeredPerSecond),
        median((p) => p.storedPerSecond),
        `${median((p) => p.handshakesPerSecond)} of ${median((p) => p.handshakesNeededPerSecond)}`,
        median((p) => p.ackP50Ms),
        median((p) => p.ackP99Ms),
        int(phases.at(-1)!.backlogAfter),
        serverCpu,
        serverRss,
        workerCpu,
        workerRss,
    ];
}

/**
 * Sustained readings/s through broker, detector and telemetry store for growing simulated fleets
 * (live reefer units and battery loggers, each device with its own certificate and connection),
 * at nominal rates and then with time compressed ×2, ×4, … until the server stops keeping up;
 * CPU and memory of the server and of each load-generator process.
 *
 * @example
 * const table = await ingestion('embedded', console.error, { fleets: [200], runs: 1 });
 */
export async function ingestion(ledger: 'embedded' | 'fabric', progress: (line: string) => void, options: IngestionOptions = {}): Promise<ResultTable> {
    const fleets = [...(options.fleets ?? [1_000, 10_000, 100_000])].sort((a, b) => a - b);
    const perShipment = options.sensorsPerShipment ?? 100;
    const runs = options.runs ?? 3;
    const steadySeconds = options.steadySeconds ?? 20;
    const stepSeconds = options.stepSeconds ?? 15;
    const maxSpeed = options.maxSpeed ?? 256;
    const startSpeed = options.startSpeed ?? 2;
    const profileDir = options.profile ? mkdtempSync(join(tmpdir(), 'coldtrace-ingestion-profile-')) : undefined;
    const bench = await startBenchServer(ledger, { env: options.serverEnv, ...(profileDir && { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profileDir] }) });
    const rows: (string | number)[][] = [];
    const notes: string[] = [];
    const devices: DeviceCredentials[] = [];
    let eventStartMs = Date.now();
    let firstSeq = 0;
    let profiled: { phase: PhaseResult; size: number } | undefined;
    try {
        for (const size of fleets) {
            try {
                const missing = size - devices.length;
                if (missing > 0) {
                    const setupStarted = Date.now();
                    const count = Math.ceil(missing / perShipment);
                    const sensorPrefix = `ING${size}-`;
                    // The ids shipmentsInTransit gives, known up front: keys are issued while the ledger attaches.
                    const sensorIds = Array.from({ length: count * perShipment }, (_, i) => `${sensorPrefix}${Math.floor(i / perShipment)}-${i % perShipment}`).slice(0, missing);
                    let status = { shipments: 0, issued: 0 };
                    const report = (next: Partial<typeof status>) => {
                        status = { ...status, ...next };
                        progress(`ingestion ${int(size)}: ${status.shipments}/${count} shipments in transit, ${status.issued}/${missing} devices issued`);
                    };
                    const [, issued] = await Promise.all([
                        shipmentsInTransit(bench, {
                            shipments: count,
                            sensorsPerShipment: perShipment,
                            sensorPrefix,
                            concurrency: 16,
                            progress: (done) => report({ shipments: done }),
                        }),
                        // At fleet scale the carrier's factory provisioning issues from the CA directly, not one CSR at a time over HTTP.
                        issueDevices(bench.dataDir, sensorIds, { processes: 1, progress: (done) => report({ issued: done }) }),
                    ]);
                    devices.push(...issued);
                    const setupSeconds = (Date.now() - setupStarted) / 1000;
                    // Event time starts after every attachment, so each reading falls in its sensor's shipment.
                    eventStartMs = Math.max(eventStartMs, Date.now());
                    progress(`ingestion ${int(size)}: waiting for the detector to learn the attachments`);
                    const catchUp = await awaitDetectorKnows(bench.server.mqttUrl, devices.at(-1)!, { seq: firstSeq++, eventMs: eventStartMs });
                    notes.push(
                        `${int(size)} sensors: set-up of ${int(missing)} more (shipments and attachments one by one over HTTP, device keys and certificates from the device CA) took ${int(setupSeconds)} s; ` +
                            `the detector acknowledged the last-attached sensor's first reading ${catchUp.toFixed(1)} s later (it learns attachments from ledger events).`,
                    );
                }
                const fleet = await MqttLoadFleet.start({
                    mqttUrl: bench.server.mqttUrl,
                    caPem: elementAt(devices, 0).caPem,
                    devices,
                    workers: options.workers,
                    liveShare: options.liveShare,
                    eventStartMs,
                    firstSeq,
                    realClock: options.realClock,
                });
                try {
                    progress(`ingestion ${int(size)}: connecting ${int(fleet.live)} live units`);
                    const live = await fleet.connectLive();
                    if (live.failed > 0) {
                        throw new Error(`${live.failed} of ${fleet.live} live units could not connect: ${live.lastError}`);
                    }
                    const measure = (speed: number, seconds: number) => measurePhase({ fleet, serverUrl: bench.server.url, serverPid: bench.server.child.pid!, speed, seconds });
                    fleet.setSpeed(1);
                    progress(`ingestion ${int(size)}: warm-up`);
                    await measure(1, Math.max(5, steadySeconds / 2));
                    const steady: PhaseResult[] = [];
                    for (let run = 1; run <= runs; run++) {
                        progress(`ingestion ${int(size)}: steady run ${run}/${runs}`);
                        steady.push(await measure(1, steadySeconds));
                    }
                    rows.push(row(fleet, 'nominal ×1', steady));
                    const search = await searchSaturation(fleet, measure, steady, { stepSeconds, maxSpeed, minSpeed: 1 / 16, startSpeed }, (speed) =>
                        progress(`ingestion ${int(size)}: saturation search ${speed}`),
                    );
                    rows.push(...search.phases.map((phase) => row(fleet, speedLabel(phase.speed), [phase])));
                    notes.push(`${int(size)} sensors: ${search.summary}.`);
                    options.onSustained?.(size, search.best?.storedPerSecond);
                    profiled = { phase: search.profiled, size };
                    const last = await fleet.report();
                    firstSeq = last.latestSeq + 1;
                    eventStartMs = Math.max(Date.now(), last.latestEventMs) + 60_000;
                } finally {
                    await fleet.close();
                }
            } catch (error) {
                // The larger fleets build on this one: say why it stopped and keep what was measured.
                notes.push(`${int(size)} sensors: not measured, the run stopped: ${(error as Error).message}`);
                break;
            }
        }
    } finally {
        await bench.close();
    }
    if (profileDir && profiled) {
        const summary = summarizeCpuProfile(readCpuProfile(profileDir), { window: profiled.phase.window });
        notes.push(
            `Server CPU profile of the ×${profiled.phase.speed} phase of ${int(profiled.size)} sensors (${summary.busyPercent} % busy), self time by package: ${formatShares(summary.selfByPackage, 6)}; ` +
                `by function: ${formatShares(summary.selfByFunction, 5)}; inclusive: ${formatShares(
                    summary.inclusiveByPackage.filter((s) => s.percent < 99),
                    6,
                )}.`,
        );
        rmSync(profileDir, { recursive: true, force: true });
    }
    return {
        id: 'ingestion',
        title: 'Telemetry ingestion: simulated fleets over MQTT with mutual TLS, one connection per device (broker, detector and telemetry store in the server process)',
        ledger,
        columns: [
            'sensors',
            'speed',
            'offered readings/s',
            'stored readings/s',
            'logger handshakes/s (of needed)',
            'ack p50 ms',
            'ack p99 ms',
            'backlog at end',
            'server CPU %',
            'server RSS (peak) MiB',
            'load generators CPU %',
            'load generators RSS (peak) MiB',
        ],
        rows,
        notes: [
            `Fleet: ${Math.round((options.liveShare ?? 0.1) * 100)} % live reefer units (connected, a reading every ${LIVE_INTERVAL_S} s), the rest battery loggers (wake every ${LOGGER_WAKE_S / 60} min, connect with a TLS handshake, upload a reading per ${LOGGER_SAMPLE_S} s of event time, wait for the acks, disconnect); ${options.workers ?? 2} load-generator processes. ×N runs the fleet's clock N times faster.`,
            `Nominal rows: median of ${runs} runs of ${steadySeconds} s after a warm-up, spread in parentheses; saturation rows: one run of ${stepSeconds} s. CPU in % of one core from /proc utime+stime; RSS at the end of the phase, peak (VmHWM) in parentheses; load generators separated by /.`,
            ...notes,
        ],
    };
}
