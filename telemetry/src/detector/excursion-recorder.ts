import { type Ledger, LedgerError, type LedgerIdentity } from '@coldtrace/ledger-client';
import type { TelemetryStore } from '../store/telemetry-store';
import type { DetectorMetrics } from './detector-metrics';
import type { DetectorState, SensorCheckpoint } from './detector-state';
import { type DetectedExcursion, ExcursionStateMachine } from './excursion-detection';
import type { ShipmentDirectory } from './shipment-directory';
import type { TemperatureProfile } from './temperature-profile';
import type { TelemetryEvent } from './telemetry-event';

const PERMANENT_REFUSALS = new Set(['CONFLICT', 'INVALID_ARGUMENT', 'FORBIDDEN', 'NOT_FOUND']);

/** Sensors detected at the same time: their excursions go to the ledger side by side. */
const PARALLEL_SENSORS = 32;

/** What detection reads and writes: the ledger (as whom), the readings, its own state, and who hears of excursions. */
export interface LedgerSide {
    ledger: Ledger;
    /** The detector of the shipment's carrier: the chaincode takes excursions and digests only from it. */
    identityFor: (shipmentId: string) => Promise<LedgerIdentity>;
    store: TelemetryStore;
    state: DetectorState;
    emit: (event: TelemetryEvent) => void;
}

/** One (shipment, sensor) whose readings the state machine follows. */
export interface SensorOnShipment {
    shipmentId: string;
    sensorId: string;
}

/** A (shipment, sensor) and the times of the readings it just stored, if any. */
export interface ArrivedReadings extends SensorOnShipment {
    /** The oldest and newest own time (ms) of the readings newly stored; absent when all were duplicates. */
    stored?: { oldestMs: number; newestMs: number };
}

/** A pair's state machine between batches, with the newest reading time stored for it. */
interface SensorRun {
    machine: ExcursionStateMachine;
    watermarkMs: number;
}

type Key = string;
const keyOf = ({ shipmentId, sensorId }: SensorOnShipment): Key => `${shipmentId}\u0000${sensorId}`;
const splitKey = (key: Key): SensorOnShipment => {
    const [shipmentId, sensorId] = key.split('\u0000') as [string, string];
    return { shipmentId, sensorId };
};

/**
 * The detector's second half: runs the excursion state machine of each (shipment, sensor) on event
 * time over the stored readings (kept between batches, from its checkpoint after a restart), records on the ledger (as the carrier's
 * detector) what changed, and remembers which pairs still have readings waiting for lateness to
 * pass. Excursions are exactly-once on the ledger: a recorded one is skipped, a CONFLICT means
 * another instance got there first, and checkpoints are saved only after the ledger has what
 * came before them.
 *
 * @example
 * const recorder = new ExcursionRecorder({ ledger, identityFor, store, state, directory, emit, metrics });
 * const { done, checkpoints } = await recorder.detectArrived([{ shipmentId: 'S-1', sensorId: 'T-1' }], Date.now());
 */
export class ExcursionRecorder {
    /** When each pair last received a reading (wall clock): quiet ones count as complete. */
    readonly #lastArrival = new Map<Key, number>();
    /** The pairs of each shipment seen, so a changed shipment is found without scanning them all. */
    readonly #byShipment = new Map<string, Set<Key>>();
    readonly #unsettled = new Set<Key>();
    /**
     * Each pair's state machine where the last detection left it: the next batch feeds it only the
     * readings that crossed the horizon since, instead of re-reading all since the checkpoint (at 200
     * readings/s a sensor, the 2 minutes of allowed lateness are 24,000 readings a batch). Dropped, so
     * that detection starts again from the saved checkpoint as after a restart, when a reading comes
     * in at or before what the machine was fed, when the shipment changes, and when recording fails.
     */
    readonly #runs = new Map<Key, SensorRun>();

    readonly #deps: LedgerSide & {
        directory: Pick<ShipmentDirectory, 'profileOf'>;
        metrics: DetectorMetrics;
        allowedLatenessMs: number;
        idleMs: number;
        clock: () => number;
    };

    constructor(
        deps: LedgerSide & {
            directory: Pick<ShipmentDirectory, 'profileOf'>;
            metrics: DetectorMetrics;
            allowedLatenessMs: number;
            idleMs: number;
            clock: () => number;
        },
    ) {
        this.#deps = deps;
    }

    /** Whatever a previous run stored but did not finish detecting is picked up first. */
    async resume(): Promise<void> {
        for (const pair of this.#deps.state.unfinished(await this.#deps.store.heads())) {
            this.#unsettled.add(keyOf(pair));
        }
    }

    /**
     * A shipment's windows or profile changed: detect its sensors again (only `sensorIds` when given:
     * a sensor attached or detached changes no other sensor's readings).
     */
    shipmentChanged(shipmentId: string, sensorIds?: readonly string[]): void {
        const keys = sensorIds
            ? sensorIds.map((sensorId) => keyOf({ shipmentId, sensorId })).filter((key) => this.#lastArrival.has(key))
            : (this.#byShipment.get(shipmentId) ?? []);
        for (const key of keys) {
            this.#unsettled.add(key);
            this.#runs.delete(key);
        }
    }

    /**
     * Detects the pairs that just received readings, PARALLEL_SENSORS at a time. Resolves with the
     * pairs whose excursions the ledger has (their readings may be acknowledged) and their
     * checkpoints, which the caller saves in one commit.
     */
    async detectArrived(pairs: readonly ArrivedReadings[], now: number): Promise<{ done: boolean[]; checkpoints: SensorCheckpoint[] }> {
        const done: boolean[] = [];
        const checkpoints: SensorCheckpoint[] = [];
        for (let at = 0; at < pairs.length; at += PARALLEL_SENSORS) {
            const slice = pairs.slice(at, at + PARALLEL_SENSORS);
            const results = await Promise.allSettled(
                slice.map((pair) => {
                    this.#arrived(keyOf(pair), pair.shipmentId, now);
                    return this.#detect(keyOf(pair), pair);
                }),
            );
            for (const result of results) {
                done.push(result.status === 'fulfilled');
                if (result.status === 'fulfilled' && result.value) {
                    checkpoints.push(result.value);
                } else if (result.status === 'rejected') {
                    // Not acknowledged: the device sends these again and detection is retried.
                    this.#deps.metrics.ledgerFailures += 1;
                }
            }
        }
        return { done, checkpoints };
    }

    /** Detects the pairs quiet for idleMs with readings still held back for lateness. */
    async detectQuiet(stopped: () => boolean): Promise<void> {
        const quietBefore = this.#deps.clock() - this.#deps.idleMs;
        for (const key of [...this.#unsettled]) {
            if ((this.#lastArrival.get(key) ?? 0) <= quietBefore && !stopped()) {
                await this.#detect(key, 'quiet')
                    .then((checkpoint) => this.#deps.state.saveCheckpoints(checkpoint ? [checkpoint] : []))
                    .catch(() => undefined);
            }
        }
    }

    #arrived(key: Key, shipmentId: string, now: number): void {
        this.#lastArrival.set(key, now);
        let keys = this.#byShipment.get(shipmentId);
        if (!keys) {
            keys = new Set();
            this.#byShipment.set(shipmentId, keys);
        }
        keys.add(key);
    }

    /**
     * Runs the state machine of one (shipment, sensor) over the readings that crossed its horizon
     * and records on the ledger what changed; the caller saves the checkpoint it returns, once the
     * ledger has what came before it. `quiet`: the sensor has been silent, so its readings are
     * complete up to the newest; else what just arrived for it.
     */
    async #detect(key: Key, arrival: ArrivedReadings | 'quiet'): Promise<SensorCheckpoint | undefined> {
        const { shipmentId, sensorId } = splitKey(key);
        const { store, state, directory } = this.#deps;
        const profile = directory.profileOf(shipmentId);
        if (!profile) {
            return undefined;
        }
        let run = this.#runs.get(key);
        const stored = arrival === 'quiet' ? undefined : arrival.stored;
        const fedUpTo = run?.machine.fedUpTo;
        if (run && (!sameProfile(run.machine.profile, profile) || (stored && fedUpTo && stored.oldestMs <= fedUpTo.tsMs))) {
            // Out of order behind what the machine was fed, or another profile: start again from the checkpoint.
            run = undefined;
        }
        if (!run || arrival === 'quiet') {
            // A quiet pass is rare: it takes the watermark from the store rather than trust what batches told.
            const watermarkMs = await store.watermark(shipmentId, sensorId);
            if (watermarkMs === undefined) {
                return undefined;
            }
            run ??= { machine: new ExcursionStateMachine(shipmentId, sensorId, profile, state.checkpoint(shipmentId, sensorId)), watermarkMs };
            run.watermarkMs = Math.max(run.watermarkMs, watermarkMs);
        } else if (stored) {
            run.watermarkMs = Math.max(run.watermarkMs, stored.newestMs);
        }
        this.#runs.delete(key);
        const { machine, watermarkMs } = run;
        const horizonMs = arrival === 'quiet' ? watermarkMs : watermarkMs - this.#deps.allowedLatenessMs;
        const readings = await store.readingsAfter(shipmentId, sensorId, machine.fedUpTo, horizonMs);
        const result = machine.advance(readings, horizonMs);
        for (const excursion of result.excursions) {
            const recorded = state.recorded(excursion.excursionId);
            if (recorded === 'closed' || (recorded === 'open' && !excursion.endAt)) {
                continue;
            }
            // Throws on a ledger outage: the run stays dropped, so the next try starts from the checkpoint.
            await this.#record(excursion);
        }
        if (arrival !== 'quiet') {
            // A sensor gone quiet has all its readings detected: its machine is not kept for a sensor that may never send again.
            this.#runs.set(key, run);
        }
        if (horizonMs < watermarkMs) {
            this.#unsettled.add(key);
        } else {
            this.#unsettled.delete(key);
        }
        return result.checkpoint && { shipmentId, sensorId, checkpoint: result.checkpoint };
    }

    async #record(excursion: DetectedExcursion): Promise<void> {
        const { ledger, identityFor, state, metrics } = this.#deps;
        let txId: string;
        try {
            txId = (await ledger.submit(await identityFor(excursion.shipmentId), 'telemetry:recordExcursion', [JSON.stringify(excursion)])).txId;
        } catch (error) {
            // CONFLICT: closed on the ledger already (another detector instance got there first).
            // Other chaincode refusals will not change on a retry; retrying them would block the
            // sensor's acknowledgements forever. Both are settled here; only ledger outages retry.
            if (error instanceof LedgerError && PERMANENT_REFUSALS.has(error.code)) {
                metrics.ledgerFailures += error.code === 'CONFLICT' ? 0 : 1;
                state.saveRecorded({ ...excursion, endAt: excursion.endAt ?? excursion.startAt }, `refused:${error.code}`);
                return;
            }
            throw error;
        }
        state.saveRecorded(excursion, txId);
        const closed = excursion.endAt !== undefined;
        metrics[closed ? 'excursionsClosed' : 'excursionsRecorded'] += 1;
        this.#deps.emit({ type: closed ? 'ExcursionClosed' : 'ExcursionRecorded', excursion, txId, at: new Date(this.#deps.clock()).toISOString() });
    }
}

function sameProfile(a: TemperatureProfile, b: TemperatureProfile): boolean {
    return a === b || (a.minC === b.minC && a.maxC === b.maxC && a.maxExcursionMinutes === b.maxExcursionMinutes);
}
