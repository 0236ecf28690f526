import type { MqttClient } from 'mqtt';
import { type Reading, type ReadingAck, type ReadingRefusalReason, sensorOfTelemetryTopic, Topics } from '@coldtrace/iot-sensor/protocol';
import type { ReadingOutcome, ReadingRefusal, ReadingRetry } from '../contract/telemetry-ingestion-payloads';
import { type Ledger, LedgerError, type LedgerIdentity } from '@coldtrace/ledger-client';
import type { StoredReading, TelemetryStore } from '../store/telemetry-store';
import { type DetectorMetrics, emptyDetectorMetrics } from './detector-metrics';
import type { DetectorState, SensorCheckpoint } from './detector-state';
import { type DetectedExcursion, detectExcursions } from './excursion-detection';
import type { FloodGuard } from './flood-guard';
import type { ReadingSource } from './reading-source';
import type { ShipmentDirectory } from './shipment-directory';
import type { TelemetryEvent } from './telemetry-event';
import { parseTelemetryMessage } from './telemetry-message';

export interface DetectorOptions {
    /** Event time a reading may arrive behind its sensor's newest one and still count; default 2 minutes. */
    allowedLatenessMs?: number;
    /** Once a sensor has been quiet this long (wall clock), all its readings count as complete; default 30 s. */
    idleMs?: number;
    /** Readings taken from the inbox per durable batch; default 500. */
    maxBatch?: number;
    /** Messages waiting beyond this are refused unacknowledged (admission control); default 50,000. */
    maxInbox?: number;
    /**
     * How long a batch waits for more messages before it is committed (group commit); default 5 ms.
     * From a broker in another process messages arrive a few per socket read; without the wait each
     * would pay a synced SQLite commit of its own.
     */
    batchDelayMs?: number;
    /**
     * How far ahead of the server's clock a reading may be dated; later ones are refused (and
     * acknowledged as refused, so the device drops them). Default 5 minutes.
     */
    maxClockSkewMs?: number;
}

/**
 * Where a shipment's readings may come from for one sender: undefined when `shipmentId` is the
 * sender's to write to, else why its reading is refused.
 */
export type ReadingScope = (shipmentId: string, sensorId: string) => ReadingRefusal | undefined;

/** A reading that came over HTTP: already validated, and answered through `reply` instead of an MQTT ack. */
interface Submitted {
    reading: Reading;
    scope?: ReadingScope;
    reply: (outcome: ReadingOutcome) => void;
}

/** A message from the broker (the sensor of the topic it came on, the raw payload) or a submitted reading. */
type Inbound = { sensorId: string; payload: Buffer } | Submitted;

/**
 * A reading refused for good: acknowledged as refused rather than stored. Only who sent it and its
 * `seq`: an invalid one may have nothing else worth keeping.
 */
interface Refused {
    sensorId: string;
    seq: number;
    reason: ReadingRefusalReason;
}

/** How long a batch with readings of unknown sensors waits for the directory to read the newest blocks. */
const DIRECTORY_CATCH_UP_MS = 2_000;

/** Sensors of one batch whose excursions are submitted at the same time. */
const PARALLEL_SENSORS = 32;

const PERMANENT_REFUSALS = new Set(['CONFLICT', 'INVALID_ARGUMENT', 'FORBIDDEN', 'NOT_FOUND']);

type Key = string;
const keyOf = (shipmentId: string, sensorId: string): Key => `${shipmentId}\u0000${sensorId}`;
const splitKey = (key: Key) => {
    const [shipmentId, sensorId] = key.split('\u0000');
    return { shipmentId, sensorId };
};

/**
 * The events detector: takes every sensor's telemetry from the broker (persistent session, QoS 1),
 * admits it through the flood guard, stores it, runs the excursion state machine per (shipment,
 * sensor) on event time, records excursions on the ledger as the carrier's detector identity, and
 * only then acknowledges the readings to their device. One batch at a time, in arrival order, so
 * the store, the ledger and the acknowledgements never disagree about what was done; within a
 * batch, different sensors' excursions are submitted side by side.
 *
 * @example
 * const detector = new Detector({ client, ledger, identityFor, store, state, directory, guard, emit });
 * await detector.start();
 */
export class Detector {
    readonly metrics: DetectorMetrics = emptyDetectorMetrics();
    /** Why the last batch failed, for logs and health checks. */
    lastError: string | undefined;
    readonly #inbox: Inbound[] = [];
    readonly #lastArrival = new Map<Key, number>();
    readonly #unsettled = new Set<Key>();
    #running: Promise<void> | undefined;
    #timer: NodeJS.Timeout | undefined;
    #stopped = false;

    constructor(
        private readonly deps: {
            client: MqttClient;
            ledger: Ledger;
            /** The detector of the shipment's carrier: the chaincode takes excursions and digests only from it. */
            identityFor: (shipmentId: string) => Promise<LedgerIdentity>;
            store: TelemetryStore;
            state: DetectorState;
            directory: ShipmentDirectory;
            guard: FloodGuard;
            /** Readings from elsewhere than the MQTT session's subscription (NATS JetStream); `client` still carries the acks. */
            source?: ReadingSource;
            emit: (event: TelemetryEvent) => void;
            options?: DetectorOptions;
            /** The server's clock (milliseconds); tests set their own. */
            clock?: () => number;
        },
    ) {}

    private get options(): Required<DetectorOptions> {
        return { allowedLatenessMs: 120_000, idleMs: 30_000, maxBatch: 500, maxInbox: 50_000, batchDelayMs: 5, maxClockSkewMs: 300_000, ...this.deps.options };
    }

    private now(): number {
        return (this.deps.clock ?? Date.now)();
    }

    async start(): Promise<void> {
        const { client, state } = this.deps;
        // Whatever a previous run stored but did not finish detecting is picked up first.
        for (const { shipmentId, sensorId } of state.unfinished()) {
            this.#unsettled.add(keyOf(shipmentId, sensorId));
        }
        if (this.deps.source) {
            await this.deps.source.start((sensorId, payload) => this.enqueue({ sensorId, payload }));
        } else {
            client.on('message', (topic, payload) => this.accept(topic, payload));
            await client.subscribeAsync(Topics.allTelemetry, { qos: 1 });
        }
        this.#timer = setInterval(() => this.schedule(), Math.max(50, Math.floor(this.options.idleMs / 2)));
        this.schedule();
    }

    /** A shipment's windows or profile changed: detect its sensors again. */
    shipmentChanged(shipmentId: string): void {
        for (const key of this.#lastArrival.keys()) {
            if (splitKey(key).shipmentId === shipmentId) {
                this.#unsettled.add(key);
            }
        }
        this.schedule();
    }

    /** Resolves when everything received so far has been processed. */
    async idle(): Promise<void> {
        while (this.#running || this.#inbox.length > 0) {
            await (this.#running ?? new Promise((resolve) => setImmediate(resolve)));
        }
    }

    async stop(): Promise<void> {
        this.#stopped = true;
        clearInterval(this.#timer);
        await this.deps.source?.stop();
        await this.#running;
        // Submitted readings still waiting are answered: their senders keep them and send them again.
        for (const message of this.#inbox.splice(0)) {
            if ('reply' in message) {
                message.reply(retry(message.reading, 'shutting_down'));
            }
        }
    }

    private accept(topic: string, payload: Buffer): void {
        // The session is shared with the shadow and provisioning services: their topics are not readings.
        const sensorId = sensorOfTelemetryTopic(topic);
        if (sensorId === undefined) {
            return;
        }
        this.enqueue({ sensorId, payload });
    }

    /**
     * Takes readings that did not come over MQTT (HTTP ingestion) through the same path as the
     * broker's: flood guard, clock-skew bound, shipment windows, de-duplication in the store and
     * detection, in arrival order with everything else. Resolves, in the order given, once each
     * reading is where an MQTT one would be acknowledged: stored and its excursions on the ledger,
     * refused for good, or to be sent again. `scope` limits the shipments the readings may land on.
     *
     * @example
     * const outcomes = await detector.submit(readings);
     * outcomes.filter((o) => o.status === 'retry'); // send these again later
     */
    submit(readings: readonly Reading[], scope?: ReadingScope): Promise<ReadingOutcome[]> {
        return Promise.all(
            readings.map(
                (reading) =>
                    new Promise<ReadingOutcome>((reply) => {
                        if (this.#stopped) {
                            reply(retry(reading, 'shutting_down'));
                        } else if (!this.enqueue({ reading, scope, reply })) {
                            reply(retry(reading, 'overloaded'));
                        }
                    }),
            ),
        );
    }

    /** Queues one message for the next batch; false when the inbox is full (admission control). */
    private enqueue(message: Inbound): boolean {
        this.metrics.received += 1;
        if (this.#inbox.length >= this.options.maxInbox) {
            this.metrics.shed += 1;
            return false;
        }
        this.#inbox.push(message);
        this.schedule();
        return true;
    }

    private schedule(): void {
        if (this.#running || this.#stopped) {
            return;
        }
        this.#running = this.drain()
            .catch((error: Error) => {
                // The batch is not acknowledged, so its devices send it again; say why it failed.
                this.metrics.batchFailures += 1;
                this.lastError = error.message;
            })
            .finally(() => {
                this.#running = undefined;
                if (this.#inbox.length > 0) {
                    this.schedule();
                }
            });
    }

    private async drain(): Promise<void> {
        while (this.#inbox.length > 0 && !this.#stopped) {
            if (this.#inbox.length < this.options.maxBatch && this.options.batchDelayMs > 0) {
                await new Promise((resolve) => setTimeout(resolve, this.options.batchDelayMs));
            }
            await this.handle(this.#inbox.splice(0, this.options.maxBatch));
        }
        const quietBefore = this.now() - this.options.idleMs;
        for (const key of [...this.#unsettled]) {
            if ((this.#lastArrival.get(key) ?? 0) <= quietBefore && !this.#stopped) {
                await this.detect(key, true)
                    .then((checkpoint) => this.deps.state.saveCheckpoints(checkpoint ? [checkpoint] : []))
                    .catch(() => undefined);
            }
        }
    }

    private async handle(batch: Inbound[]): Promise<void> {
        const submitted = batch.filter((message): message is Submitted => 'reply' in message);
        try {
            await this.handleBatch(batch);
        } catch (error) {
            // Not acknowledged: HTTP senders are told to send again, as devices will.
            submitted.forEach((message) => message.reply(retry(message.reading, 'ledger_unavailable')));
            throw error;
        }
    }

    private async handleBatch(batch: Inbound[]): Promise<void> {
        const now = this.now();
        this.metrics.batches += 1;
        const readings: Admitted[] = [];
        const refused: Refused[] = [];
        /** Outcomes of submitted readings, told once the whole batch is done (as MQTT acks are). */
        const outcomes: [Submitted, ReadingOutcome][] = [];
        const latestTs = now + this.options.maxClockSkewMs;
        for (const message of batch) {
            let reading: Reading;
            if ('reply' in message) {
                reading = message.reading;
            } else {
                const parsed = parseTelemetryMessage(message.sensorId, message.payload);
                if (parsed.kind === 'invalid') {
                    this.metrics.invalid += 1;
                    // Sending it again cannot make it valid: refused for good, when there is a seq to name it by.
                    if (parsed.seq !== undefined) {
                        refused.push({ sensorId: parsed.sensorId, seq: parsed.seq, reason: 'invalid' });
                    }
                    continue;
                }
                reading = parsed.reading;
            }
            const submitted = 'reply' in message ? message : undefined;
            const admission = this.deps.guard.admit(reading.sensorId, now);
            if (admission.flag) {
                this.deps.emit({ type: 'SensorFlooding', ...admission.flag, at: new Date(now).toISOString() });
            }
            if (!admission.admitted) {
                this.metrics.throttled += 1;
                if (submitted) {
                    outcomes.push([submitted, retry(reading, 'throttled')]);
                }
                continue;
            }
            // A reading from the future would place an excursion there, and no later reading of
            // the sensor could count as late: refused for good, not stored.
            if (Date.parse(reading.ts) > latestTs) {
                this.metrics.future += 1;
                if (submitted) {
                    outcomes.push([submitted, refusal(reading, 'future')]);
                } else {
                    refused.push({ sensorId: reading.sensorId, seq: reading.seq, reason: 'future' });
                }
                continue;
            }
            readings.push({ reading, submitted });
        }
        const receivedAt = new Date(now).toISOString();
        const shipmentOf = ({ reading }: Admitted) => this.deps.directory.shipmentAt(reading.sensorId, Date.parse(reading.ts));
        let shipmentIds = readings.map(shipmentOf);
        // A sensor attached in a block the directory has not read yet looks unattached: give the
        // directory a moment to catch up rather than leave its readings to the device's resend.
        if (shipmentIds.includes(undefined)) {
            await this.deps.directory.caughtUp(DIRECTORY_CATCH_UP_MS);
            shipmentIds = readings.map((admitted, i) => shipmentIds[i] ?? shipmentOf(admitted));
        }
        const assigned: (StoredReading & { submitted?: Submitted })[] = [];
        const unassigned: Admitted[] = [];
        for (const [i, admitted] of readings.entries()) {
            const shipmentId = shipmentIds[i];
            const outOfScope = shipmentId && admitted.submitted?.scope?.(shipmentId, admitted.reading.sensorId);
            if (outOfScope) {
                outcomes.push([admitted.submitted!, refusal(admitted.reading, outOfScope)]);
            } else if (shipmentId) {
                assigned.push({ ...admitted.reading, shipmentId, receivedAt, submitted: admitted.submitted });
            } else {
                unassigned.push(admitted);
            }
        }
        const fresh = this.deps.store.insert(assigned.map(({ submitted: _, ...reading }) => reading));
        this.metrics.stored += fresh.length;
        this.metrics.duplicates += assigned.length - fresh.length;
        // The store keeps the first of a (sensor, seq) it sees: any later one, in this batch or before, is a duplicate.
        const firstStored = new Map(fresh.map((r) => [readingKey(r), r]));
        const done: Reading[] = [];
        // Sensors are independent of each other: their excursions go to the ledger side by side, so
        // ten breaching at once wait for one block, not for ten in a row.
        const groups = [...groupBy(assigned, (r) => keyOf(r.shipmentId, r.sensorId))];
        const checkpoints: SensorCheckpoint[] = [];
        for (let at = 0; at < groups.length; at += PARALLEL_SENSORS) {
            const slice = groups.slice(at, at + PARALLEL_SENSORS);
            const results = await Promise.allSettled(
                slice.map(([key]) => {
                    this.#lastArrival.set(key, now);
                    return this.detect(key, false);
                }),
            );
            results.forEach((result, i) => {
                const group = slice[i]![1];
                if (result.status === 'fulfilled') {
                    done.push(...group.filter((r) => !r.submitted));
                    if (result.value) {
                        checkpoints.push(result.value);
                    }
                } else {
                    // Not acknowledged: the device sends these again and detection is retried.
                    this.metrics.ledgerFailures += 1;
                }
                for (const { submitted, ...reading } of group) {
                    const first = firstStored.get(readingKey(reading));
                    firstStored.delete(readingKey(reading));
                    if (!submitted) {
                        continue;
                    }
                    outcomes.push([
                        submitted,
                        result.status === 'rejected'
                            ? retry(reading, 'ledger_unavailable')
                            : first
                              ? { sensorId: reading.sensorId, seq: reading.seq, status: 'stored', shipmentId: reading.shipmentId, ...(first.lateAfterAnchor ? { lateAfterAnchor: true as const } : {}) }
                              : { sensorId: reading.sensorId, seq: reading.seq, status: 'duplicate', shipmentId: reading.shipmentId },
                    ]);
                }
            });
        }
        // One synced commit for the batch's checkpoints, not one per sensor (it was the costliest write).
        this.deps.state.saveCheckpoints(checkpoints);
        // A sensor the directory does not know is unattached only if the directory has read every block.
        if (unassigned.length > 0) {
            const upToDate = await this.deps.directory.upToDate();
            if (upToDate) {
                this.metrics.unattached += unassigned.length;
                done.push(...unassigned.filter((a) => !a.submitted).map((a) => a.reading));
            }
            for (const { reading, submitted } of unassigned.filter((a) => a.submitted)) {
                const known = this.deps.directory.knows(reading.sensorId);
                outcomes.push([submitted!, upToDate ? refusal(reading, known ? 'outside_attachment_window' : 'unknown_sensor') : retry(reading, 'directory_behind')]);
            }
        }
        this.acknowledge(done, refused);
        outcomes.forEach(([submitted, outcome]) => submitted.reply(outcome));
    }

    /**
     * Runs the state machine of one (shipment, sensor) from its checkpoint and records on the ledger
     * what changed; the caller saves the checkpoint it returns, once the ledger has what came before it.
     * `quiet`: the sensor has been silent, so its readings are complete up to the newest.
     */
    private async detect(key: Key, quiet: boolean): Promise<SensorCheckpoint | undefined> {
        const { shipmentId, sensorId } = splitKey(key);
        const { store, state, directory } = this.deps;
        const profile = directory.profileOf(shipmentId);
        const watermark = store.watermark(shipmentId, sensorId);
        if (!profile || watermark === undefined) {
            return undefined;
        }
        const horizonMs = quiet ? watermark : watermark - this.options.allowedLatenessMs;
        const result = detectExcursions({ shipmentId, sensorId, profile, horizonMs, readings: store.readingsAfter(shipmentId, sensorId, state.checkpoint(shipmentId, sensorId)) });
        for (const excursion of result.excursions) {
            const recorded = state.recorded(excursion.excursionId);
            if (recorded === 'closed' || (recorded === 'open' && !excursion.endAt)) {
                continue;
            }
            await this.record(excursion);
        }
        if (horizonMs < watermark) {
            this.#unsettled.add(key);
        } else {
            this.#unsettled.delete(key);
        }
        return result.checkpoint && { shipmentId, sensorId, checkpoint: result.checkpoint };
    }

    private async record(excursion: DetectedExcursion): Promise<void> {
        let txId: string;
        try {
            txId = (await this.deps.ledger.submit(await this.deps.identityFor(excursion.shipmentId), 'telemetry:recordExcursion', [JSON.stringify(excursion)])).txId;
        } catch (error) {
            // CONFLICT: closed on the ledger already (another detector instance got there first).
            // Other chaincode refusals will not change on a retry; retrying them would block the
            // sensor's acknowledgements forever. Both are settled here; only ledger outages retry.
            if (error instanceof LedgerError && PERMANENT_REFUSALS.has(error.code)) {
                this.metrics.ledgerFailures += error.code === 'CONFLICT' ? 0 : 1;
                this.deps.state.saveRecorded({ ...excursion, endAt: excursion.endAt ?? excursion.startAt }, `refused:${error.code}`);
                return;
            }
            throw error;
        }
        this.deps.state.saveRecorded(excursion, txId);
        const closed = excursion.endAt !== undefined;
        this.metrics[closed ? 'excursionsClosed' : 'excursionsRecorded'] += 1;
        this.deps.emit({ type: closed ? 'ExcursionClosed' : 'ExcursionRecorded', excursion, txId, at: new Date(this.now()).toISOString() });
    }

    /** Tells each device which readings it may forget: those done, and those refused (with why). */
    private acknowledge(done: Reading[], refused: Refused[]): void {
        const doneBySensor = groupBy(done, (r) => r.sensorId);
        const refusedBySensor = groupBy(refused, (r) => r.sensorId);
        for (const sensorId of new Set([...doneBySensor.keys(), ...refusedBySensor.keys()])) {
            const ack: ReadingAck = { seqs: (doneBySensor.get(sensorId) ?? []).map((r) => r.seq) };
            const refusals = refusedBySensor.get(sensorId);
            if (refusals) {
                ack.seqs.push(...refusals.map((r) => r.seq));
                ack.refused = refusals.map(({ seq, reason }) => ({ seq, reason }));
            }
            this.deps.client.publish(Topics.ack(sensorId), JSON.stringify(ack), { qos: 1 });
            this.deps.source?.acknowledged(sensorId, ack.seqs);
        }
    }
}

/** A reading past the broker's validation (or HTTP's), with whom to answer when it was submitted. */
interface Admitted {
    reading: Reading;
    submitted?: Submitted;
}

const readingKey = (reading: Pick<Reading, 'sensorId' | 'seq'>) => `${reading.sensorId}\u0000${reading.seq}`;

function retry(reading: Reading, reason: ReadingRetry): ReadingOutcome {
    return { sensorId: reading.sensorId, seq: reading.seq, status: 'retry', reason };
}

function refusal(reading: Reading, reason: ReadingRefusal): ReadingOutcome {
    return { sensorId: reading.sensorId, seq: reading.seq, status: 'refused', reason };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
    const groups = new Map<string, T[]>();
    for (const item of items) {
        const key = keyOf(item);
        const group = groups.get(key);
        if (group) {
            group.push(item);
        } else {
            groups.set(key, [item]);
        }
    }
    return groups;
}
