import type { SensorAgent } from '../agent/sensor-agent';
import { ReeferModel } from './reefer-model';
import { positionOn, ROUTES, type Route } from './route';
import type { ScenarioSettings } from './scenario';
import { seededRandom } from './seeded-random';

export interface FleetOptions extends ScenarioSettings {
    sensorIds: readonly string[];
    /** Sensors are spread over this many shipments (trucks): one route and one reefer each. */
    shipments: number;
    /** Simulated seconds between two readings of a sensor; default 60. */
    intervalSeconds?: number;
    /** Simulated seconds per real second; default 60 (a minute of trip per second). */
    speed?: number;
    /** Length of the simulated trip in minutes; default 120. */
    durationMinutes?: number;
    /** Simulated time of the first reading; default now. */
    startMs?: number;
    seed?: number;
    /** Makes (and starts) the agent of one sensor. */
    agentFor: (sensorId: string) => Promise<SensorAgent>;
    onProgress?: (progress: FleetProgress) => void;
    /** Stops the run early when aborted. */
    signal?: AbortSignal;
}

export interface FleetProgress {
    simulatedMinute: number;
    durationMinutes: number;
    sensors: number;
    offline: number;
    readings: number;
    duplicatesSent: number;
    backlog: number;
    /** Readings the backend refused for good (dated beyond its clock-skew bound in the clock-skew scenario, or invalid). */
    refused: number;
}

interface SimulatedSensor {
    sensorId: string;
    agent: SensorAgent;
    route: Route;
    reefer: ReeferModel;
    random: () => number;
    skewMs: number;
    offline?: { from: number; until: number };
}

/**
 * Drives a fleet of sensor agents along reefer routes in simulated time: every interval each sensor
 * records a reading (its own timestamp, GPS position, battery) into its durable queue, and the
 * agent uploads it. Scenarios add door openings, reefer failures, offline periods with a bulk
 * upload afterwards, duplicate sends and skewed sensor clocks.
 *
 * @example
 * await runFleet({ sensorIds: ['SIM-1'], shipments: 1, scenarios: ['door-opening'], offlineMinutes: 30, skewMinutes: 7, agentFor });
 */
export async function runFleet(options: FleetOptions): Promise<FleetProgress> {
    const interval = options.intervalSeconds ?? 60;
    const speed = options.speed ?? 60;
    const duration = options.durationMinutes ?? 120;
    const startMs = options.startMs ?? Date.now();
    const sensors: SimulatedSensor[] = [];
    const shipments = Math.max(1, options.shipments);
    const trucks = Array.from({ length: shipments }, (_, i) => ({
        // ROUTES is a non-empty constant: the modulo stays inside it.
        route: ROUTES[i % ROUTES.length]!,
        reefer: new ReeferModel(options.scenarios, seededRandom((options.seed ?? 1) * 1000 + i)),
    }));
    for (const [index, sensorId] of options.sensorIds.entries()) {
        const random = seededRandom((options.seed ?? 1) * 7919 + index);
        // trucks has `shipments` (at least one) elements: the modulo stays inside it.
        const { route, reefer } = trucks[index % shipments]!;
        const offlineStart = 10 + Math.floor(random() * Math.max(1, duration - options.offlineMinutes - 20));
        sensors.push({
            sensorId,
            agent: await options.agentFor(sensorId),
            route,
            reefer,
            random,
            skewMs: options.scenarios.includes('clock-skew') ? Math.round((random() * 2 - 1) * options.skewMinutes * 60_000) : 0,
            ...(options.scenarios.includes('offline') && index % 2 === 0 ? { offline: { from: offlineStart, until: offlineStart + options.offlineMinutes } } : {}),
        });
    }
    const progress: FleetProgress = { simulatedMinute: 0, durationMinutes: duration, sensors: sensors.length, offline: 0, readings: 0, duplicatesSent: 0, backlog: 0, refused: 0 };
    const steps = Math.floor((duration * 60) / interval);
    const realStart = Date.now();
    for (let step = 0; step <= steps && !options.signal?.aborted; step++) {
        const minute = (step * interval) / 60;
        for (const sensor of sensors) {
            tick(sensor, minute, startMs + step * interval * 1000, options, progress);
        }
        progress.simulatedMinute = minute;
        progress.offline = sensors.filter((s) => s.agent.suspended).length;
        progress.backlog = sensors.reduce((sum, s) => sum + s.agent.backlog, 0);
        progress.refused = sensors.reduce((sum, s) => sum + s.agent.refused, 0);
        options.onProgress?.({ ...progress });
        const due = realStart + ((step + 1) * interval * 1000) / speed;
        await pause(Math.max(0, due - Date.now()), options.signal);
    }
    for (const sensor of sensors) {
        sensor.agent.resume();
    }
    return progress;
}

function tick(sensor: SimulatedSensor, minute: number, atMs: number, options: FleetOptions, progress: FleetProgress): void {
    const offline = sensor.offline && minute >= sensor.offline.from && minute < sensor.offline.until;
    if (offline && !sensor.agent.suspended) {
        sensor.agent.suspend();
    } else if (!offline && sensor.agent.suspended) {
        sensor.agent.resume();
    }
    const jitter = sensor.random() - 0.5;
    const reading = sensor.agent.record({
        ts: new Date(atMs + sensor.skewMs).toISOString(),
        tempC: Math.round((sensor.reefer.temperatureAt(minute) + jitter * 0.2) * 100) / 100,
        humidity: Math.round(55 + jitter * 10),
        ...positionOn(sensor.route, minute, jitter),
        battery: Math.max(0, Math.round(100 - minute / 30)),
    });
    progress.readings += 1;
    if (options.scenarios.includes('duplicates') && sensor.random() < 0.2) {
        progress.duplicatesSent += 1;
        void sensor.agent.sendAgain(reading).catch(() => undefined);
    }
}

/** One line describing a run, rewritten in place on a terminal. */
export function progressLine(progress: FleetProgress, startedAtMs: number): string {
    const elapsed = Math.max(0.001, (Date.now() - startedAtMs) / 1000);
    const hhmm = `${String(Math.floor(progress.simulatedMinute / 60)).padStart(2, '0')}:${String(Math.floor(progress.simulatedMinute % 60)).padStart(2, '0')}`;
    return (
        `sim ${hhmm}/${Math.round(progress.durationMinutes)}m | sensors ${progress.sensors} (${progress.offline} offline) | ` +
        `readings ${progress.readings} | acked ${progress.readings - progress.backlog} | backlog ${progress.backlog} | ` +
        `dups ${progress.duplicatesSent} | ${progress.refused > 0 ? `refused ${progress.refused} | ` : ''}${(progress.readings / elapsed).toFixed(1)} readings/s`
    );
}

/** Waits `ms`, or less when `signal` aborts first, so a stopped fleet stops now, not after its interval. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
        const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            resolve();
        };
        const timer = setTimeout(done, ms);
        signal?.addEventListener('abort', done, { once: true });
    });
}
