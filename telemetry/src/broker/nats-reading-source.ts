import { AckPolicy, type ConsumerMessages, DeliverPolicy, type JsMsg, type NatsConnection, RetentionPolicy, StorageType, nanos } from 'nats';
import type { ReadingSource } from '../detector/reading-source';
import { partitionSubject, READINGS_STREAM, sensorOfReadingSubject } from './nats-config';
import { PartitionLeases } from './partition-leases';

export interface NatsReadingSourceOptions {
    connection: NatsConnection;
    /** This detector's name among the others (its certificate's CN); one lease holder per name. */
    owner: string;
    partitions: number;
    /** How long a dead detector's partitions stay with it; default 6 s (renewed every third of it). */
    leaseMs?: number;
    /** How long a delivered reading may stay unacknowledged before JetStream offers it again; default 10 s. */
    ackWaitMs?: number;
    /** Told when the partitions held change (logs). */
    onPartitions?: (held: number[]) => void;
}

const LEASES_BUCKET = 'coldtrace_partitions';

/**
 * The detector's readings from NATS JetStream: the readings stream (created when missing), one
 * durable pull consumer per partition, consumed by whichever detector holds the partition's lease
 * (see PartitionLeases). A message is acknowledged to JetStream only when the detector tells the
 * device its reading is done — stored, its excursions on the ledger — so a detector that dies
 * leaves its unfinished readings for the next holder of the partition.
 *
 * @example
 * const source = new NatsReadingSource({ connection: await connect(...), owner: 'coldtrace-detector-1', partitions: 8 });
 * const detector = new Detector({ ...deps, source });
 */
export class NatsReadingSource implements ReadingSource {
    /** Delivered, not yet acknowledged messages by sensor and seq (several after a redelivery). */
    readonly #pending = new Map<string, JsMsg[]>();
    readonly #consuming = new Map<number, ConsumerMessages>();
    #leases: PartitionLeases | undefined;
    #timer: NodeJS.Timeout | undefined;
    #ticking: Promise<void> | undefined;
    #deliver: ((sensorId: string, payload: Buffer) => boolean) | undefined;
    #stopped = false;
    #told = '';

    readonly #options: NatsReadingSourceOptions;

    constructor(options: NatsReadingSourceOptions) {
        this.#options = options;
    }

    /** Partitions this detector consumes now. */
    get partitions(): number[] {
        return [...this.#consuming.keys()].sort((a, b) => a - b);
    }

    async start(deliver: (sensorId: string, payload: Buffer) => boolean): Promise<void> {
        const { connection, partitions } = this.#options;
        this.#deliver = deliver;
        const leaseMs = this.#options.leaseMs ?? 6_000;
        const jsm = await connection.jetstreamManager();
        await ensureStream(jsm);
        for (let partition = 0; partition < partitions; partition++) {
            const durable = `partition-${partition}`;
            const settings = { ack_wait: nanos(this.#options.ackWaitMs ?? 10_000), max_ack_pending: 20_000 };
            // Another detector (or an earlier run) may have made it with other timings: this one's win.
            await jsm.consumers
                .add(READINGS_STREAM, {
                    durable_name: durable,
                    filter_subject: partitionSubject(partition),
                    ack_policy: AckPolicy.Explicit,
                    deliver_policy: DeliverPolicy.All,
                    ...settings,
                })
                .catch(() => jsm.consumers.update(READINGS_STREAM, durable, settings));
        }
        const kv = await connection.jetstream().views.kv(LEASES_BUCKET, { ttl: leaseMs, history: 1 });
        this.#leases = new PartitionLeases(kv, this.#options.owner, partitions);
        await this.#tick();
        this.#timer = setInterval(() => void this.#tick(), Math.max(100, Math.floor(leaseMs / 3)));
    }

    acknowledged(sensorId: string, seqs: readonly number[]): void {
        for (const seq of seqs) {
            const key = `${sensorId}\u0000${seq}`;
            this.#pending.get(key)?.forEach((message) => message.ack());
            this.#pending.delete(key);
        }
    }

    async stop(): Promise<void> {
        this.#stopped = true;
        clearInterval(this.#timer);
        await this.#ticking;
        for (const partition of [...this.#consuming.keys()]) {
            this.#consuming.get(partition)?.stop();
            this.#consuming.delete(partition);
        }
        await this.#leases?.release().catch(() => undefined);
    }

    /** One lease round: start consuming partitions newly held, stop those lost or given back. */
    #tick(): Promise<void> {
        if (this.#ticking || this.#stopped || !this.#leases) {
            return this.#ticking ?? Promise.resolve();
        }
        const leases = this.#leases;
        this.#ticking = (async () => {
            // While the server is away the leases cannot be renewed: keep consuming what is held,
            // the server will not deliver meanwhile anyway.
            const { held } = await leases.tick();
            for (const partition of [...this.#consuming.keys()].filter((p) => !held.includes(p))) {
                this.#consuming.get(partition)?.stop();
                this.#consuming.delete(partition);
            }
            for (const partition of held.filter((p) => !this.#consuming.has(p))) {
                await this.#consume(partition);
            }
            if (held.join() !== this.#told && !this.#stopped) {
                this.#told = held.join();
                this.#options.onPartitions?.(held);
            }
        })()
            .catch(() => undefined)
            .finally(() => {
                this.#ticking = undefined;
            });
        return this.#ticking;
    }

    async #consume(partition: number): Promise<void> {
        const consumer = await this.#options.connection.jetstream().consumers.get(READINGS_STREAM, `partition-${partition}`);
        // Little more than a batch per partition in flight: what a detector holds unacknowledged past
        // the ack wait is delivered again (measured: 2,000 per partition doubled half the readings).
        const messages = await consumer.consume({ max_messages: 500 });
        this.#consuming.set(partition, messages);
        void (async () => {
            for await (const message of messages) {
                this.#take(message);
            }
        })().catch(() => undefined);
    }

    #take(message: JsMsg): void {
        const sensorId = sensorOfReadingSubject(message.subject);
        const seq = seqOf(message.data);
        // Without a sensor or a seq no acknowledgement can ever name it: nothing to keep it for.
        if (sensorId === undefined || seq === undefined) {
            message.term();
            return;
        }
        if (!this.#deliver?.(sensorId, Buffer.from(message.data))) {
            // The detector's inbox is full: offered again a second later.
            message.nak(1_000);
            return;
        }
        const key = `${sensorId}\u0000${seq}`;
        const waiting = this.#pending.get(key);
        if (waiting) {
            waiting.push(message);
        } else {
            this.#pending.set(key, [message]);
        }
    }
}

/** The readings stream: a work queue (a reading leaves it once a detector acknowledged it), on disk. */
async function ensureStream(jsm: Awaited<ReturnType<NatsConnection['jetstreamManager']>>): Promise<void> {
    const config = { name: READINGS_STREAM, subjects: ['coldtrace.readings.>'], retention: RetentionPolicy.Workqueue, storage: StorageType.File };
    // Two detectors starting together may both find it missing: whoever adds second finds it there.
    await jsm.streams.info(READINGS_STREAM).catch(() => jsm.streams.add(config).catch(() => jsm.streams.info(READINGS_STREAM)));
}

/** The `seq` a device numbered its reading with, or undefined when the payload has none. */
function seqOf(data: Uint8Array): number | undefined {
    try {
        const seq = (JSON.parse(Buffer.from(data).toString('utf8')) as { seq?: unknown }).seq;
        return Number.isSafeInteger(seq) ? (seq as number) : undefined;
    } catch {
        return undefined;
    }
}
