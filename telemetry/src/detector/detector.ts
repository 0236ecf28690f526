import type { Reading, ReadingRefusalReason } from '@coldtrace/iot-sensor/protocol';
import type { ReadingOutcome, ReadingRefusal, ReadingRetry } from '../contract/telemetry-ingestion-payloads';
import type { StoredReading } from '../store/telemetry-store';
import { type DetectorMetrics, emptyDetectorMetrics } from './detector-metrics';
import { DetectorInbox } from './detector-inbox';
import { ExcursionRecorder, type LedgerSide } from './excursion-recorder';
import type { FloodGuard } from './flood-guard';
import type { ShipmentDirectory } from './shipment-directory';
import { parseTelemetryMessage } from './telemetry-message';

export interface DetectorOptions {
    /** Event time a reading may arrive behind its sensor's newest one and still count; default 2 minutes. */
    allowedLatenessMs?: number;
    /** Once a sensor has been quiet this long (wall clock), all its readings count as complete; default 30 s. */
    idleMs?: number;
    /**
     * Readings taken from the inbox per durable batch; default 2,000. A batch is as large as the
     * backlog up to this, so under load more readings share each synced commit and each sensor's
     * detection pass.
     */
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

/**
 * One raw message from a reading source (the MQTT subscription, a NATS JetStream consumer, …): the
 * sensor its topic or subject names (the source's authentication vouches for it) and the payload
 * as the device sent it.
 */
export interface InboundMessage {
    sensorId: string;
    payload: Buffer;
}

/**
 * What became of one inbound message, told once its whole batch is durable: `done` (stored with its
 * excursions on the ledger, a duplicate, or of no shipment) or `refused` for good (the device drops
 * it; `seq` is undefined when the payload had none to name it by). A message never told anything
 * was not committed (ledger outage, shutdown, full inbox): its source must deliver it again.
 */
export type InboundOutcome = { status: 'done'; seq: number } | { status: 'refused'; seq: number | undefined; reason: ReadingRefusalReason };

/** How a source hears the outcome of one message it handed to {@link Detector.accept}. */
export type InboundAck = (outcome: InboundOutcome) => void;

/** A reading that came over HTTP: already validated, and answered through `reply` instead of an ack. */
interface Submitted {
    reading: Reading;
    scope?: ReadingScope;
    reply: (outcome: ReadingOutcome) => void;
}

/** A message from a source, with how to acknowledge it, or a submitted reading. */
type Inbound = (InboundMessage & { ack: InboundAck }) | Submitted;

/** How long a batch with readings of unknown sensors waits for the directory to read the newest blocks. */
const DIRECTORY_CATCH_UP_MS = 2_000;

/**
 * The events detector: takes every sensor's telemetry from its sources ({@link accept}; the MQTT
 * subscription is one, see MqttReadingSource) and HTTP ({@link submit}), admits it through the
 * flood guard, stores it, runs the excursion state machine per (shipment, sensor) on event time,
 * records excursions on the ledger as the carrier's detector identity, and only then acknowledges
 * the readings. Two halves: the {@link DetectorInbox} (admission, group commit, one batch at a time
 * in arrival order, so the store, the ledger and the acknowledgements never disagree about what was
 * done) and the {@link ExcursionRecorder} (detection and the ledger, different sensors side by side).
 *
 * @example
 * const detector = new Detector({ ledger, identityFor, store, state, directory, guard, emit });
 * await detector.start();
 * await new MqttReadingSource(new MqttBrokerSession(client), detector).start();
 */
export class Detector {
    readonly metrics: DetectorMetrics = emptyDetectorMetrics();
    /** Why the last batch failed, for logs and health checks. */
    lastError: string | undefined;
    readonly #inbox: DetectorInbox<Inbound>;
    readonly #recorder: ExcursionRecorder;
    #timer: NodeJS.Timeout | undefined;

    readonly #deps: LedgerSide & {
        directory: ShipmentDirectory;
        guard: FloodGuard;
        options?: DetectorOptions;
        /** The server's clock (milliseconds); tests set their own. */
        clock?: () => number;
        /** Told of the readings each group commit stored (not the duplicates), so live views can fetch them. */
        stored?: (fresh: readonly StoredReading[]) => void;
    };

    constructor(
        deps: LedgerSide & {
            directory: ShipmentDirectory;
            guard: FloodGuard;
            options?: DetectorOptions;
            /** The server's clock (milliseconds); tests set their own. */
            clock?: () => number;
            /** Told of the readings each group commit stored (not the duplicates), so live views can fetch them. */
            stored?: (fresh: readonly StoredReading[]) => void;
        },
    ) {
        this.#deps = deps;
        const options = this.#options;
        const clock = () => this.#now();
        this.#recorder = new ExcursionRecorder({ ...deps, metrics: this.metrics, allowedLatenessMs: options.allowedLatenessMs, idleMs: options.idleMs, clock });
        this.#inbox = new DetectorInbox<Inbound>(options, {
            handle: (batch) => this.#handle(batch),
            afterDrain: async (stopped) => {
                await this.#recorder.detectQuiet(stopped);
                // Checkpoints a quiet spell left in memory are written once due.
                this.#deps.state.saveCheckpoints([]);
            },
            failed: (error) => {
                // The batch is not acknowledged, so its devices send it again; say why it failed.
                this.metrics.batchFailures += 1;
                this.lastError = error.message;
            },
        });
    }

    get #options(): Required<DetectorOptions> {
        return { allowedLatenessMs: 120_000, idleMs: 30_000, maxBatch: 2_000, maxInbox: 50_000, batchDelayMs: 5, maxClockSkewMs: 300_000, ...this.#deps.options };
    }

    #now(): number {
        return (this.#deps.clock ?? Date.now)();
    }

    /** Picks up what a previous run left undetected and starts the quiet-sensor timer; sources start after. */
    async start(): Promise<void> {
        await this.#recorder.resume();
        this.#timer = setInterval(() => this.#inbox.schedule(), Math.max(50, Math.floor(this.#options.idleMs / 2)));
        this.#inbox.schedule();
    }

    /**
     * A shipment's windows or profile changed: detect its sensors again (only `sensorIds` when
     * given: attaching or detaching one sensor changes no other sensor's readings).
     */
    shipmentChanged(shipmentId: string, sensorIds?: readonly string[]): void {
        this.#recorder.shipmentChanged(shipmentId, sensorIds);
        this.#inbox.schedule();
    }

    /** Resolves when everything received so far has been processed. */
    idle(): Promise<void> {
        return this.#inbox.idle();
    }

    async stop(): Promise<void> {
        clearInterval(this.#timer);
        // Submitted readings still waiting are answered: their senders keep them and send them again.
        for (const message of await this.#inbox.stop()) {
            if ('reply' in message) {
                message.reply(retry(message.reading, 'shutting_down'));
            }
        }
        this.#deps.state.flush();
    }

    /**
     * The one entry point for readings from a message source: queues `message` for the next batch
     * and tells `ack` its outcome once that batch is durable (see {@link InboundOutcome}). Returns
     * false when the message was not taken (inbox full, or stopping): the source leaves it
     * unacknowledged, to be delivered again. Never blocks and does no work per message beyond the
     * queue: parsing, the store and the ledger happen per batch.
     *
     * @example
     * client.on('message', (topic, payload) => detector.accept({ sensorId: sensorOf(topic), payload }, (outcome) => acks.add(outcome)));
     */
    accept(message: InboundMessage, ack: InboundAck): boolean {
        return this.#enqueue({ ...message, ack });
    }

    /**
     * Takes readings that did not come from a message source (HTTP ingestion) through the same path:
     * flood guard, clock-skew bound, shipment windows, de-duplication in the store and
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
                        if (this.#inbox.stopped) {
                            reply(retry(reading, 'shutting_down'));
                        } else if (!this.#enqueue({ reading, scope, reply })) {
                            reply(retry(reading, 'overloaded'));
                        }
                    }),
            ),
        );
    }

    /** Queues one message for the next batch; false when the inbox is full (admission control). */
    #enqueue(message: Inbound): boolean {
        this.metrics.received += 1;
        const taken = this.#inbox.push(message);
        if (!taken && !this.#inbox.stopped) {
            this.metrics.shed += 1;
        }
        return taken;
    }

    async #handle(batch: Inbound[]): Promise<void> {
        const submitted = batch.filter((message): message is Submitted => 'reply' in message);
        try {
            await this.#handleBatch(batch);
        } catch (error) {
            // Not acknowledged: HTTP senders are told to send again, as devices will.
            submitted.forEach((message) => message.reply(retry(message.reading, 'ledger_unavailable')));
            throw error;
        }
    }

    async #handleBatch(batch: Inbound[]): Promise<void> {
        const now = this.#now();
        this.metrics.batches += 1;
        const readings: Admitted[] = [];
        /** Outcomes, told once the whole batch is done: acks to sources, replies to HTTP senders. */
        const acks: [InboundAck, InboundOutcome][] = [];
        const outcomes: [Submitted, ReadingOutcome][] = [];
        const latestTs = now + this.#options.maxClockSkewMs;
        for (const message of batch) {
            let reading: Reading;
            if ('reply' in message) {
                reading = message.reading;
            } else {
                const parsed = parseTelemetryMessage(message.sensorId, message.payload);
                if (parsed.kind === 'invalid') {
                    this.metrics.invalid += 1;
                    // Sending it again cannot make it valid: refused for good.
                    acks.push([message.ack, { status: 'refused', seq: parsed.seq, reason: 'invalid' }]);
                    continue;
                }
                reading = parsed.reading;
            }
            const submitted = 'reply' in message ? message : undefined;
            const ack = 'reply' in message ? undefined : message.ack;
            const admission = this.#deps.guard.admit(reading.sensorId, now);
            if (admission.flag) {
                this.#deps.emit({ type: 'SensorFlooding', ...admission.flag, at: new Date(now).toISOString() });
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
                    acks.push([ack!, { status: 'refused', seq: reading.seq, reason: 'future' }]);
                }
                continue;
            }
            readings.push({ reading, submitted, ack });
        }
        const receivedAt = new Date(now).toISOString();
        const lookups = readings.map(({ reading }) => ({ sensorId: reading.sensorId, tsMs: Date.parse(reading.ts) }));
        let shipmentIds = this.#deps.directory.shipmentsAt(lookups);
        // A sensor attached in a block the directory has not read yet looks unattached: give the
        // directory a moment to catch up rather than leave its readings to the device's resend.
        if (shipmentIds.includes(undefined)) {
            await this.#deps.directory.caughtUp(DIRECTORY_CATCH_UP_MS);
            const again = this.#deps.directory.shipmentsAt(lookups);
            shipmentIds = shipmentIds.map((shipmentId, i) => shipmentId ?? again[i]);
        }
        const assigned: (StoredReading & Omit<Admitted, 'reading'>)[] = [];
        const unassigned: Admitted[] = [];
        for (const [i, admitted] of readings.entries()) {
            const shipmentId = shipmentIds[i];
            const outOfScope = shipmentId && admitted.submitted?.scope?.(shipmentId, admitted.reading.sensorId);
            if (outOfScope) {
                outcomes.push([admitted.submitted!, refusal(admitted.reading, outOfScope)]);
            } else if (shipmentId) {
                assigned.push({ ...admitted.reading, shipmentId, receivedAt, submitted: admitted.submitted, ack: admitted.ack });
            } else {
                unassigned.push(admitted);
            }
        }
        // The group commit: one durable write for every reading of the batch.
        const fresh = await this.#deps.store.insert(assigned.map(({ submitted: _, ack: __, ...reading }) => reading));
        this.metrics.stored += fresh.length;
        this.metrics.duplicates += assigned.length - fresh.length;
        this.#deps.stored?.(fresh);
        // The store keeps the first of a (sensor, seq) it sees: any later one, in this batch or before, is a duplicate.
        const firstStored = new Map(fresh.map((r) => [readingKey(r), r]));
        const pairKey = (r: Pick<StoredReading, 'shipmentId' | 'sensorId'>) => `${r.shipmentId}\u0000${r.sensorId}`;
        const groups = [...groupBy(assigned, pairKey).values()];
        const storedTimes = new Map<string, { oldestMs: number; newestMs: number }>();
        for (const reading of fresh) {
            const tsMs = Date.parse(reading.ts);
            const times = storedTimes.get(pairKey(reading));
            if (times) {
                times.oldestMs = Math.min(times.oldestMs, tsMs);
                times.newestMs = Math.max(times.newestMs, tsMs);
            } else {
                storedTimes.set(pairKey(reading), { oldestMs: tsMs, newestMs: tsMs });
            }
        }
        const detected = await this.#recorder.detectArrived(
            groups.map(([first]) => ({ shipmentId: first.shipmentId, sensorId: first.sensorId, stored: storedTimes.get(pairKey(first)) })),
            now,
        );
        groups.forEach((group, i) => {
            const ok = detected.done[i];
            for (const { submitted, ack, ...reading } of group) {
                const first = firstStored.get(readingKey(reading));
                firstStored.delete(readingKey(reading));
                if (ack) {
                    if (ok) {
                        acks.push([ack, { status: 'done', seq: reading.seq }]);
                    }
                    continue;
                }
                outcomes.push([
                    submitted!,
                    !ok
                        ? retry(reading, 'ledger_unavailable')
                        : first
                          ? {
                                sensorId: reading.sensorId,
                                seq: reading.seq,
                                status: 'stored',
                                shipmentId: reading.shipmentId,
                                ...(first.lateAfterAnchor ? { lateAfterAnchor: true as const } : {}),
                            }
                          : { sensorId: reading.sensorId, seq: reading.seq, status: 'duplicate', shipmentId: reading.shipmentId },
                ]);
            }
        });
        // Checkpoints wait in memory for one commit per second or so, not one per batch (see DetectorState).
        this.#deps.state.saveCheckpoints(detected.checkpoints);
        // A sensor the directory does not know is unattached only if the directory has read every block.
        if (unassigned.length > 0) {
            const upToDate = await this.#deps.directory.upToDate();
            for (const { reading, submitted, ack } of unassigned) {
                if (ack && upToDate) {
                    this.metrics.unattached += 1;
                    acks.push([ack, { status: 'done', seq: reading.seq }]);
                } else if (submitted) {
                    if (upToDate) {
                        this.metrics.unattached += 1;
                    }
                    const known = this.#deps.directory.knows(reading.sensorId);
                    outcomes.push([submitted, upToDate ? refusal(reading, known ? 'outside_attachment_window' : 'unknown_sensor') : retry(reading, 'directory_behind')]);
                }
            }
        }
        acks.forEach(([ack, outcome]) => ack(outcome));
        outcomes.forEach(([submitted, outcome]) => submitted.reply(outcome));
    }
}

/** A reading past the broker's validation (or HTTP's), with whom to answer when it was submitted. */
interface Admitted {
    reading: Reading;
    submitted?: Submitted;
    ack?: InboundAck;
}

const readingKey = (reading: Pick<Reading, 'sensorId' | 'seq'>) => `${reading.sensorId}\u0000${reading.seq}`;

function retry(reading: Reading, reason: ReadingRetry): ReadingOutcome {
    return { sensorId: reading.sensorId, seq: reading.seq, status: 'retry', reason };
}

function refusal(reading: Reading, reason: ReadingRefusal): ReadingOutcome {
    return { sensorId: reading.sensorId, seq: reading.seq, status: 'refused', reason };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, [T, ...T[]]> {
    const groups = new Map<string, [T, ...T[]]>();
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
