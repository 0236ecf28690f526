import { sha256Hex } from '@coldtrace/chaincode/sha256';
import { MeanKineticTemperature } from './mean-kinetic-temperature';
import type { TemperatureProfile } from './temperature-profile';

/** A reading as detection needs it: its own time, its sequence number and its temperature. */
export interface TimedReading {
    tsMs: number;
    seq: number;
    tempC: number;
}

/** An excursion as the detector records it with `telemetry:recordExcursion`. */
export interface DetectedExcursion {
    excursionId: string;
    shipmentId: string;
    sensorId: string;
    kind: 'high' | 'low';
    startAt: string;
    endAt?: string;
    peakC: number;
    durationMinutes: number;
    meanKineticC?: number;
}

/** Where detection may restart from: right after this reading the sensor was in range. */
export interface DetectionCheckpoint {
    tsMs: number;
    seq: number;
}

export interface DetectionInput {
    shipmentId: string;
    sensorId: string;
    profile: TemperatureProfile;
    /** The readings after the checkpoint, sorted by (tsMs, seq), without duplicates. */
    readings: readonly TimedReading[];
    /**
     * Event time up to which the readings are taken to be complete (the sensor's newest reading
     * minus the allowed lateness, or all of it once the sensor has been quiet). Excursions are
     * reported, and closed, only up to here, so a reading arriving late within the allowance still
     * changes them.
     */
    horizonMs: number;
}

export interface DetectionResult {
    /** Excursions that started by the horizon; closed ones carry `endAt`. */
    excursions: DetectedExcursion[];
    /** The last point by the horizon where the sensor was back in range: detection restarts here. */
    checkpoint?: DetectionCheckpoint;
}

type Running = { name: 'warning' | 'excursion'; kind: 'high' | 'low'; startMs: number; lastMs: number; peakC: number; mkt: MeanKineticTemperature };
type State = { name: 'normal' } | Running;

/**
 * The per-sensor state machine, in the style of an AWS IoT Events detector model:
 * normal → warning (out of range) → excursion (out of range for the tolerated minutes) → normal
 * (back in range). It runs on the readings' own timestamps in timestamp order, so the result
 * depends only on the set of readings, never on the order or the number of times they arrived.
 * Pure: the caller persists the checkpoint and records the excursions.
 *
 * @example
 * const { excursions, checkpoint } = detectExcursions({ shipmentId, sensorId, profile, readings, horizonMs });
 */
export function detectExcursions(input: DetectionInput): DetectionResult {
    return new ExcursionStateMachine(input.shipmentId, input.sensorId, input.profile).advance(input.readings, input.horizonMs);
}

/**
 * {@link detectExcursions} kept running: fed readings in detection order a few at a time, it
 * carries its state from one call to the next, so a detector feeds it only the readings that
 * crossed the horizon since the last call instead of everything after the checkpoint. Starts in
 * range (as right after a checkpoint). Feeding it the readings of two calls in one gives the same
 * excursions, except that one closed by an earlier call is not told again.
 *
 * @example
 * const machine = new ExcursionStateMachine('S-1', 'T-1', profile);
 * machine.advance(firstReadings, horizonMs); // then, later:
 * machine.advance(readingsAfter(machine.fedUpTo), laterHorizonMs);
 */
export class ExcursionStateMachine {
    #state: State = { name: 'normal' };
    #fedUpTo: DetectionCheckpoint | undefined;

    constructor(
        readonly shipmentId: string,
        readonly sensorId: string,
        readonly profile: TemperatureProfile,
        /** Where the readings it is fed start after (the checkpoint it resumes from). */
        after?: DetectionCheckpoint,
    ) {
        this.#fedUpTo = after;
    }

    /** The last reading fed, by (tsMs, seq): the next readings must come after it. */
    get fedUpTo(): DetectionCheckpoint | undefined {
        return this.#fedUpTo;
    }

    /**
     * Feeds `readings` (sorted by (tsMs, seq), after {@link fedUpTo}) up to `horizonMs`; returns the
     * excursions they closed, the one still running (without `endAt`), and the last reading in range
     * among them as the new checkpoint.
     */
    advance(readings: readonly TimedReading[], horizonMs: number): DetectionResult {
        const toleranceMs = this.profile.maxExcursionMinutes * 60_000;
        const { minC, maxC } = this.profile;
        const excursions: DetectedExcursion[] = [];
        let checkpoint: DetectionCheckpoint | undefined;
        let state = this.#state;
        for (const reading of readings) {
            if (reading.tsMs > horizonMs) {
                break;
            }
            this.#fedUpTo = { tsMs: reading.tsMs, seq: reading.seq };
            const kind = reading.tempC > maxC ? 'high' : reading.tempC < minC ? 'low' : undefined;
            if (state.name !== 'normal' && kind !== state.kind) {
                // Back in range, or straight across to the other side: what was running ends here.
                if (state.name === 'excursion') {
                    excursions.push(this.#finish(state, reading.tsMs));
                }
                state = { name: 'normal' };
            }
            if (kind === undefined) {
                checkpoint = { tsMs: reading.tsMs, seq: reading.seq };
                continue;
            }
            if (state.name === 'normal') {
                state = { name: 'warning', kind, startMs: reading.tsMs, lastMs: reading.tsMs, peakC: reading.tempC, mkt: MeanKineticTemperature.empty().add(reading.tempC) };
            } else {
                const running: Running = state;
                state = {
                    ...running,
                    lastMs: reading.tsMs,
                    peakC: kind === 'high' ? Math.max(running.peakC, reading.tempC) : Math.min(running.peakC, reading.tempC),
                    mkt: running.mkt.add(reading.tempC),
                };
            }
            if (state.name === 'warning' && state.lastMs - state.startMs >= toleranceMs) {
                state = { ...state, name: 'excursion' };
            }
        }
        this.#state = state;
        if (state.name === 'excursion') {
            excursions.push(this.#finish(state));
        }
        return { excursions, checkpoint };
    }

    #finish(s: Running, endMs?: number): DetectedExcursion {
        const until = endMs ?? s.lastMs;
        return {
            excursionId: excursionIdOf(this.shipmentId, this.sensorId, s.kind, s.startMs),
            shipmentId: this.shipmentId,
            sensorId: this.sensorId,
            kind: s.kind,
            startAt: new Date(s.startMs).toISOString(),
            ...(endMs === undefined ? {} : { endAt: new Date(endMs).toISOString() }),
            peakC: s.peakC,
            durationMinutes: Math.round(((until - s.startMs) / 60_000) * 100) / 100,
            ...(s.mkt.celsius === undefined ? {} : { meanKineticC: s.mkt.celsius }),
        };
    }
}

/**
 * The excursion's ledger id: a hash of shipment, sensor, kind and start, so every detector
 * instance, retry and replay names the same excursion the same way.
 */
export function excursionIdOf(shipmentId: string, sensorId: string, kind: 'high' | 'low', startMs: number): string {
    return `EXC-${sha256Hex(`${shipmentId}\u0000${sensorId}\u0000${kind}\u0000${startMs}`).slice(0, 32)}`;
}

/** Readings in detection order, (tsMs, seq), each sequence number once. */
export function inDetectionOrder<T extends TimedReading>(readings: readonly T[]): T[] {
    const unique = new Map(readings.map((r) => [r.seq, r]));
    return [...unique.values()].sort((a, b) => a.tsMs - b.tsMs || a.seq - b.seq);
}
