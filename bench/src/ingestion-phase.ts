import { latencyStats } from './latency-stats';
import type { FleetReport, MqttLoadFleet } from './mqtt-load-fleet';
import { handshakesPerSecond, LOGGER_SAMPLE_S, LOGGER_WAKE_S, offeredPerSecond } from './mqtt-load-protocol';
import { groupUsageBetween, type ProcessUsage, sampleGroup, sampleProcess, usageBetween } from './process-usage';
import { elementAt } from './element-at';

/** What the fleet offered and the server sustained during one phase at one speed. */
export interface PhaseResult {
    speed: number;
    seconds: number;
    offeredPerSecond: number;
    /** Readings the load generators published per second (below offered when uploads lag). */
    publishedPerSecond: number;
    storedPerSecond: number;
    ackedPerSecond: number;
    handshakesNeededPerSecond: number;
    handshakesPerSecond: number;
    ackP50Ms?: number;
    ackP99Ms?: number;
    handshakeP99Ms?: number;
    /** Readings measured and not yet acknowledged, at the start and end of the phase. */
    backlogBefore: number;
    backlogAfter: number;
    lateWakes: number;
    connectFailures: number;
    server: ProcessUsage;
    workers: ProcessUsage[];
    /** The other processes the benchmark named (each a group of pids summed), in its order. */
    others: ProcessUsage[];
    /** Readings the server stored under another outcome than `stored` (unattached, throttled, shed, invalid). */
    refused: number;
    /** The profiler's clock (µs) at the start and end, to cut the phase out of a server profile. */
    window: { fromUs: number; toUs: number };
}

/** The server's `coldtrace_telemetry_readings_total` by outcome. */
export async function readingOutcomes(serverUrl: string): Promise<Record<string, number>> {
    const text = await (await fetch(`${serverUrl}/metrics`)).text();
    const outcomes: Record<string, number> = {};
    for (const match of text.matchAll(/^coldtrace_telemetry_readings_total\{outcome="(\w+)"\} (\S+)$/gm)) {
        const [, outcome, count] = match;
        if (outcome !== undefined) {
            outcomes[outcome] = Number(count);
        }
    }
    if (outcomes.stored === undefined) {
        throw new Error(`${serverUrl}/metrics has no coldtrace_telemetry_readings_total: is the telemetry pipeline running?`);
    }
    return outcomes;
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/**
 * Measures `seconds` of the fleet at the speed it runs at: rates from the load generators'
 * counters and the server's /metrics, acknowledgement latency, CPU and memory of every process.
 *
 * @example
 * fleet.setSpeed(4);
 * const phase = await measurePhase({ fleet, serverUrl, serverPid, speed: 4, seconds: 15 });
 */
export async function measurePhase(input: {
    fleet: MqttLoadFleet;
    serverUrl: string;
    serverPid: number;
    speed: number;
    seconds: number;
    /** Readings by outcome where the server's /metrics do not see them all (e.g. several detector processes); default: its /metrics. */
    outcomes?: () => Promise<Record<string, number>>;
    /** More processes to measure, each a group of pids (a broker, a second detector, a database's backends). */
    others?: (() => number[])[];
}): Promise<PhaseResult> {
    const { fleet, serverUrl, serverPid, speed } = input;
    const outcomes = input.outcomes ?? (() => readingOutcomes(serverUrl));
    const others = input.others ?? [];
    // The samples of the report before the phase belong to the phase before it.
    const before: FleetReport = await fleet.report();
    const outcomesBefore = await outcomes();
    const serverBefore = sampleProcess(serverPid);
    const workersBefore = fleet.pids.map(sampleProcess);
    const othersBefore = others.map((pids) => sampleGroup(pids()));
    const fromUs = nowUs();
    await new Promise((resolve) => setTimeout(resolve, input.seconds * 1000));
    const toUs = nowUs();
    const after = await fleet.report();
    const outcomesAfter = await outcomes();
    const server = usageBetween(serverBefore, sampleProcess(serverPid));
    const othersUsage = others.map((pids, i) => groupUsageBetween(elementAt(othersBefore, i), sampleGroup(pids())));
    const workers = fleet.pids.map((pid, w) => usageBetween(elementAt(workersBefore, w), sampleProcess(pid)));
    const seconds = (after.atMs - before.atMs) / 1000;
    const rate = (n: number) => n / seconds;
    const delta = (outcome: string) => (outcomesAfter[outcome] ?? 0) - (outcomesBefore[outcome] ?? 0);
    const acks = after.ackLatencyMs.length ? latencyStats(after.ackLatencyMs) : undefined;
    const handshakes = after.handshakeMs.length ? latencyStats(after.handshakeMs) : undefined;
    return {
        speed,
        seconds,
        offeredPerSecond: offeredPerSecond(fleet.live, fleet.loggers, speed),
        publishedPerSecond: rate(after.published - before.published),
        storedPerSecond: rate(delta('stored')),
        ackedPerSecond: rate(after.acked - before.acked),
        handshakesNeededPerSecond: handshakesPerSecond(fleet.loggers, speed),
        handshakesPerSecond: rate(after.handshakes - before.handshakes),
        ackP50Ms: acks?.p50,
        ackP99Ms: acks?.p99,
        handshakeP99Ms: handshakes?.p99,
        backlogBefore: before.backlog,
        backlogAfter: after.backlog,
        lateWakes: after.lateWakes - before.lateWakes,
        connectFailures: after.connectFailures - before.connectFailures,
        server,
        workers,
        others: othersUsage,
        refused: delta('unattached') + delta('throttled') + delta('shed') + delta('invalid'),
        window: { fromUs, toUs },
    };
}

/** Why a phase did not keep up with what it was offered, or undefined when it did. */
export function saturationOf(phase: PhaseResult): string | undefined {
    const reasons: string[] = [];
    // Wakes fall at random, so a short phase of a small fleet sees fewer or more than the mean:
    // a shortfall counts beyond 10 % plus three standard deviations of that count.
    const behind = (got: number, expected: number, perEvent: number) => {
        const [n, m] = [got * phase.seconds, expected * phase.seconds];
        return m - n > 0.1 * m + 3 * Math.sqrt(perEvent * m);
    };
    if (behind(phase.storedPerSecond, phase.offeredPerSecond, LOGGER_WAKE_S / LOGGER_SAMPLE_S)) {
        reasons.push(`stored ${Math.round(phase.storedPerSecond)}/s of ${Math.round(phase.offeredPerSecond)}/s offered`);
    }
    if (behind(phase.handshakesPerSecond, phase.handshakesNeededPerSecond, 1)) {
        reasons.push(`${Math.round(phase.handshakesPerSecond)} of ${Math.round(phase.handshakesNeededPerSecond)} logger handshakes/s`);
    }
    if (phase.lateWakes > 0.01 * phase.handshakesNeededPerSecond * phase.seconds) {
        reasons.push(`${phase.lateWakes} logger uploads outlasted their wake period`);
    }
    if ((phase.ackP99Ms ?? 0) > 5_000) {
        reasons.push(`ack p99 ${Math.round(phase.ackP99Ms!)} ms`);
    }
    if (phase.connectFailures > 0) {
        reasons.push(`${phase.connectFailures} connections failed`);
    }
    return reasons.length ? reasons.join('; ') : undefined;
}

/** Which process ran out of CPU during a phase: the server's main thread, a load generator, or the machine. */
export function busiestResource(phase: PhaseResult, cores: number): string {
    const total = phase.server.cpuPercent + phase.workers.reduce((sum, w) => sum + w.cpuPercent, 0);
    if (phase.server.cpuPercent >= 90) {
        return `server CPU ${Math.round(phase.server.cpuPercent)} % (its event loop is one core)`;
    }
    if (phase.workers.some((w) => w.cpuPercent >= 90)) {
        return `load generator CPU (${phase.workers.map((w) => Math.round(w.cpuPercent)).join(' + ')} %): the figure is a lower bound`;
    }
    if (total >= 90 * cores) {
        return `all ${cores} cores busy (server ${Math.round(phase.server.cpuPercent)} %, load generators ${Math.round(total - phase.server.cpuPercent)} %)`;
    }
    return `no process CPU-bound (server ${Math.round(phase.server.cpuPercent)} % CPU): the server waits, e.g. on synchronous disk commits or its one batch in flight (see the profile)`;
}
