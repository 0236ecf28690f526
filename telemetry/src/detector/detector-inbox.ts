/** How the inbox takes and groups messages. */
export interface InboxOptions {
    /** Messages taken per durable batch. */
    maxBatch: number;
    /** Messages waiting beyond this are refused (admission control). */
    maxInbox: number;
    /**
     * How long a batch waits for more messages before it is committed (group commit): one durable
     * commit per few milliseconds, not one per message.
     */
    batchDelayMs: number;
}

/**
 * The detector's first half: admission (a bounded queue), group commit (messages are handed on in
 * batches, one at a time, in arrival order, after waiting `batchDelayMs` for more) and the
 * after-batch work. Knows nothing of readings: `handle` does the batch, `afterDrain` runs when the
 * queue is empty (the detector's quiet-sensor pass), `failed` hears why a batch threw.
 *
 * @example
 * const inbox = new DetectorInbox<Message>(options, { handle: (batch) => commit(batch), afterDrain: async () => {}, failed: console.error });
 * inbox.push(message) || refuse(message); // false: the inbox is full
 */
export class DetectorInbox<T> {
    readonly #queue: T[] = [];
    #running: Promise<void> | undefined;
    #stopped = false;

    readonly #options: InboxOptions;
    readonly #steps: {
        handle: (batch: T[]) => Promise<void>;
        afterDrain: (stopped: () => boolean) => Promise<void>;
        failed: (error: Error) => void;
    };

    constructor(
        options: InboxOptions,
        steps: {
            handle: (batch: T[]) => Promise<void>;
            afterDrain: (stopped: () => boolean) => Promise<void>;
            failed: (error: Error) => void;
        },
    ) {
        this.#options = options;
        this.#steps = steps;
    }

    get stopped(): boolean {
        return this.#stopped;
    }

    /** Queues one message for the next batch; false when the inbox is full or stopped. */
    push(message: T): boolean {
        if (this.#stopped || this.#queue.length >= this.#options.maxInbox) {
            return false;
        }
        this.#queue.push(message);
        this.schedule();
        return true;
    }

    /** Starts a drain unless one runs: after pushes, and on the detector's idle timer. */
    schedule(): void {
        if (this.#running || this.#stopped) {
            return;
        }
        this.#running = this.#drain()
            .catch((error: Error) => this.#steps.failed(error))
            .finally(() => {
                this.#running = undefined;
                if (this.#queue.length > 0) {
                    this.schedule();
                }
            });
    }

    /** Resolves when everything queued so far has been handled. */
    async idle(): Promise<void> {
        while (this.#running || this.#queue.length > 0) {
            await (this.#running ?? new Promise((resolve) => setImmediate(resolve)));
        }
    }

    /** Stops taking messages, waits for the batch in flight and returns those never handled. */
    async stop(): Promise<T[]> {
        this.#stopped = true;
        await this.#running;
        return this.#queue.splice(0);
    }

    async #drain(): Promise<void> {
        const { maxBatch, batchDelayMs } = this.#options;
        while (this.#queue.length > 0 && !this.#stopped) {
            if (this.#queue.length < maxBatch && batchDelayMs > 0) {
                await new Promise((resolve) => setTimeout(resolve, batchDelayMs));
            }
            await this.#steps.handle(this.#queue.splice(0, maxBatch));
        }
        await this.#steps.afterDrain(() => this.#stopped);
    }
}
