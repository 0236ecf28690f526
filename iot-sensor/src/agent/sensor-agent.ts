import { type DeviceConfig, DEFAULT_DEVICE_CONFIG } from '../protocol/device-config';
import { type Reading, ReadingAck, type ReadingRefusalReason } from '../protocol/reading';
import { Topics } from '../protocol/topics';
import type { DeviceConnection } from './device-connection';
import type { DurableQueue } from './durable-queue';
import { ShadowClient } from './shadow-client';

export interface SensorAgentOptions {
    sensorId: string;
    connection: DeviceConnection;
    queue: DurableQueue;
    /** Readings published and not yet acknowledged at once; defaults to 100. */
    maxInFlight?: number;
    /** A reading not acknowledged this long after sending is sent again; defaults to 10 s. */
    resendAfterMs?: number;
    /** Follow the device shadow's desired configuration (default true). */
    useShadow?: boolean;
}

export type ReadingInput = Omit<Reading, 'seq' | 'sensorId'>;

/**
 * The program on the sensor. Every reading goes to the durable queue first, then is published in
 * sequence order at QoS 1 while the connection is up, and leaves the queue only when the backend
 * acknowledges it on `coldtrace/sensors/{id}/ack`; readings taken offline are uploaded when the
 * connection returns, and a restarted agent resends whatever was never acknowledged.
 *
 * @example
 * const agent = new SensorAgent({ sensorId: 'T-1', connection, queue: DurableQueue.open(dir) });
 * await agent.start();
 * agent.record({ ts: new Date().toISOString(), tempC: 4.2, lat: 52.37, lon: 4.89 });
 */
export class SensorAgent {
    readonly #sentAt = new Map<number, number>();
    readonly #drainWaiters: (() => void)[] = [];
    readonly #refusalListeners: ((refusals: { seq: number; reason: ReadingRefusalReason }[]) => void)[] = [];
    #refused = 0;
    readonly #shadow: ShadowClient | undefined;
    #timer: NodeJS.Timeout | undefined;
    #pumping = false;
    #stopped = false;
    #suspended = false;
    // Nothing is sent before the ack subscription is in place: an ack the broker routes before it
    // would find no subscriber and be lost, leaving the reading to wait for its resend.
    #subscribed = false;

    readonly #options: SensorAgentOptions;

    constructor(options: SensorAgentOptions) {
        this.#options = options;
        this.#shadow = options.useShadow === false ? undefined : new ShadowClient(options.sensorId, options.connection);
    }

    /** Connects, subscribes to acknowledgements (and the shadow) and starts sending what is queued. */
    async start(): Promise<void> {
        const { connection, sensorId } = this.#options;
        connection.onConnectionChange((online) => {
            if (online) {
                // After a reconnect nothing in flight is known to have arrived: send it all again.
                this.#sentAt.clear();
                void this.#pump();
            }
        });
        await connection.connect();
        await connection.subscribe(Topics.ack(sensorId), (_topic, payload) => this.#onAck(payload));
        this.#subscribed = true;
        await this.#shadow?.start();
        this.#timer = setInterval(() => this.#resendOverdue(), Math.max(250, (this.#options.resendAfterMs ?? 10_000) / 4));
        this.#timer.unref();
        void this.#pump();
    }

    /** Stores a reading durably and schedules it for upload; returns it with its sequence number. */
    record(input: ReadingInput): Reading {
        const reading = this.#options.queue.append({ ...input, sensorId: this.#options.sensorId });
        void this.#pump();
        return reading;
    }

    /** Radio off: readings keep being recorded, nothing is sent until {@link resume}. */
    suspend(): void {
        this.#suspended = true;
    }

    resume(): void {
        this.#suspended = false;
        this.#sentAt.clear();
        void this.#pump();
    }

    get suspended(): boolean {
        return this.#suspended;
    }

    /** Publishes a reading once more, as a device does when a PUBACK was lost; the backend deduplicates. */
    async sendAgain(reading: Reading): Promise<void> {
        if (!this.#suspended && this.#options.connection.online) {
            await this.#options.connection.publish(Topics.telemetry(this.#options.sensorId), JSON.stringify(reading));
        }
    }

    /** The configuration the shadow gave this device (defaults until it answers). */
    get config(): DeviceConfig {
        return this.#shadow?.config ?? DEFAULT_DEVICE_CONFIG;
    }

    onConfig(listener: (config: DeviceConfig) => void): void {
        this.#shadow?.onConfig(listener);
    }

    /** Readings recorded and not yet acknowledged. */
    get backlog(): number {
        return this.#options.queue.size;
    }

    /**
     * Readings the backend refused for good since start — `future`: dated beyond its clock-skew
     * bound, so this device's clock is wrong; `invalid`: not a reading the backend accepts (schema,
     * or another sensor's id). They left the queue like acknowledged ones: sending them again would
     * only be refused again.
     */
    get refused(): number {
        return this.#refused;
    }

    /** Called with the readings the backend refused (and why), e.g. to correct the device's clock or report a fault. */
    onRefused(listener: (refusals: { seq: number; reason: ReadingRefusalReason }[]) => void): void {
        this.#refusalListeners.push(listener);
    }

    /** Resolves once every recorded reading has been acknowledged. */
    drained(): Promise<void> {
        if (this.#options.queue.size === 0) {
            return Promise.resolve();
        }
        return new Promise((resolve) => this.#drainWaiters.push(resolve));
    }

    async stop(): Promise<void> {
        this.#stopped = true;
        clearInterval(this.#timer);
        await this.#options.connection.disconnect();
        this.#options.queue.close();
    }

    #onAck(payload: Buffer): void {
        let ack: ReadingAck;
        try {
            ack = ReadingAck.parse(JSON.parse(payload.toString('utf8')));
        } catch {
            return;
        }
        const refusals = ack.refused ?? [];
        if (refusals.length > 0) {
            // Counted once: a resent reading may be refused again after it left the queue.
            this.#refused += this.#options.queue.ack(refusals.map((r) => r.seq));
            this.#refusalListeners.forEach((listener) => listener(refusals));
        }
        this.#options.queue.ack(ack.seqs);
        [...ack.seqs, ...refusals.map((r) => r.seq)].forEach((seq) => this.#sentAt.delete(seq));
        if (this.#options.queue.size === 0) {
            this.#drainWaiters.splice(0).forEach((resolve) => resolve());
        }
        void this.#pump();
    }

    #resendOverdue(): void {
        const limit = Date.now() - (this.#options.resendAfterMs ?? 10_000);
        for (const [seq, sentAt] of this.#sentAt) {
            if (sentAt < limit) {
                this.#sentAt.delete(seq);
            }
        }
        void this.#pump();
    }

    /** Publishes queued readings in order, keeping at most `maxInFlight` unacknowledged. */
    async #pump(): Promise<void> {
        if (this.#pumping) {
            return;
        }
        this.#pumping = true;
        try {
            const { connection, queue, sensorId } = this.#options;
            const maxInFlight = this.#options.maxInFlight ?? 100;
            for (const reading of queue.pendingInOrder()) {
                if (this.#stopped || this.#suspended || !this.#subscribed || !connection.online || this.#sentAt.size >= maxInFlight) {
                    break;
                }
                if (this.#sentAt.has(reading.seq)) {
                    continue;
                }
                this.#sentAt.set(reading.seq, Date.now());
                // Not awaited one by one: PUBACKs pipeline; a failed publish is resent by the timer.
                connection.publish(Topics.telemetry(sensorId), JSON.stringify(reading)).catch(() => this.#sentAt.set(reading.seq, 0));
            }
        } finally {
            this.#pumping = false;
        }
    }
}

/**
 * A sensor's agent over its connection and queue, not yet started.
 *
 * @example
 * const agent = newSensorAgent({ sensorId, connection, queue: openDurableQueue(dir) });
 */
export function newSensorAgent(options: SensorAgentOptions): SensorAgent {
    return new SensorAgent(options);
}
