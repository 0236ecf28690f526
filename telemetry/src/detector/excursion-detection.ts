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
    const { profile, horizonMs } = input;
    const toleranceMs = profile.maxExcursionMinutes * 60_000;
    const excursions: DetectedExcursion[] = [];
    let checkpoint: DetectionCheckpoint | undefined;
    let state: State = { name: 'normal' };

    const finish = (s: Running, endMs?: number): DetectedExcursion => {
        const until = endMs ?? s.lastMs;
        return {
            excursionId: excursionIdOf(input.shipmentId, input.sensorId, s.kind, s.startMs),
            shipmentId: input.shipmentId,
            sensorId: input.sensorId,
            kind: s.kind,
            startAt: new Date(s.startMs).toISOString(),
            ...(endMs === undefined ? {} : { endAt: new Date(endMs).toISOString() }),
            peakC: s.peakC,
            durationMinutes: Math.round(((until - s.startMs) / 60_000) * 100) / 100,
            ...(s.mkt.celsius === undefined ? {} : { meanKineticC: s.mkt.celsius }),
        };
    };

    for (const reading of input.readings) {
        if (reading.tsMs > horizonMs) {
            break;
        }
        const kind = reading.tempC > profile.maxC ? 'high' : reading.tempC < profile.minC ? 'low' : undefined;
        if (state.name !== 'normal' && kind !== state.kind) {
            // Back in range, or straight across to the other side: what was running ends here.
            if (state.name === 'excursion') {
                excursions.push(finish(state, reading.tsMs));
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
    if (state.name === 'excursion') {
        excursions.push(finish(state));
    }
    return { excursions, checkpoint };
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
