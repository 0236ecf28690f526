import { beforeBlock, comparePositions, type FeedPosition } from './feed-position';
import type { EventSubscription, Ledger, LedgerEvent, LedgerIdentity } from './ledger';
import type { FeedEvent, LedgerEventConsumer, LedgerEventFeed } from './ledger-event-feed';

export interface FanOutFeedOptions {
    /** How long a consumer that threw waits before its events are handed over again; default 1 s. */
    retryMs?: number;
    /** How many events may wait for one consumer before the feed stops holding more for it (the events are shared by the queues); default 100,000. */
    maxQueued?: number;
    /** The most events one `consume` call gets; default 1,000. */
    maxBatch?: number;
    /** Told of each consumer's throw, each broken event stream and each failed re-subscription (the server logs them). */
    onError?(error: unknown, consumer?: string): void;
}

/**
 * `live` takes events as they come; `lagging` fell `maxQueued` behind and takes none until its
 * queue is drained; `ready` (drained, or newly added behind the feed) waits for the feed to read
 * again from its position.
 */
type ConsumerState = 'live' | 'lagging' | 'ready';

interface Registration {
    readonly consumer: LedgerEventConsumer;
    /** The last position queued for it (its checkpoint when added): events up to here are never queued again. */
    received: FeedPosition;
    readonly queue: FeedEvent[];
    state: ConsumerState;
    draining: boolean;
    removed: boolean;
}

const DEFAULTS = { retryMs: 1_000, maxQueued: 100_000, maxBatch: 1_000 };

/**
 * The {@link LedgerEventFeed} over the `Ledger` interface's `subscribe` (embedded ledger and Fabric
 * alike): one subscription, read as one identity, whose events are queued per consumer and handed
 * over in batches by a loop of the consumer's own. A consumer that throws gets the same events again
 * after `retryMs`; one added behind the subscription, or one that fell `maxQueued` events behind and
 * has drained its queue, makes the feed subscribe again from that consumer's position — the others
 * skip what they were handed already, so none sees an event twice within the process. A stream that
 * breaks (a peer restarted) is opened again from the consumers' positions after `retryMs`, until it opens.
 *
 * @example
 * const feed = newLedgerEventFeed(ledger, await services.eventListener(), { onError: (err, name) => log.error({ err }, `${name} failed`) });
 * await feed.add(notifier.ledgerEvents);
 */
export function newLedgerEventFeed(ledger: Ledger, identity: LedgerIdentity, options?: FanOutFeedOptions): LedgerEventFeed {
    return new FanOutLedgerEventFeed(ledger, identity, options);
}

export class FanOutLedgerEventFeed implements LedgerEventFeed {
    readonly #registrations = new Map<LedgerEventConsumer, Registration>();
    readonly #options: Required<Omit<FanOutFeedOptions, 'onError'>> & Pick<FanOutFeedOptions, 'onError'>;
    #subscription: EventSubscription | undefined;
    /** Bumped at each (re)subscription: events of an older subscription still arriving are dropped. */
    #generation = 0;
    /** The last position the current subscription delivered; undefined while none is open. */
    #head: FeedPosition | undefined;
    #switching: Promise<void> = Promise.resolve();
    #closed = false;

    readonly #ledger: Ledger;

    constructor(
        ledger: Ledger,
        /** Any member of the channel may read its chaincode events; the feed reads them from this identity's peer. */
        readonly identity: LedgerIdentity,
        options: FanOutFeedOptions = {},
    ) {
        this.#ledger = ledger;
        this.#options = { ...DEFAULTS, ...options };
    }

    height(): Promise<number> {
        return this.#ledger.height(this.identity);
    }

    async add(consumer: LedgerEventConsumer): Promise<void> {
        const height = await this.height();
        const saved = await consumer.checkpoint();
        // A checkpoint beyond the height is from another ledger (the data directory outlived it).
        const received = saved && saved.block < height ? saved : beforeBlock(saved || consumer.firstStart === 'height' ? height : Math.min(consumer.firstStart, height));
        const behind = this.#head === undefined || comparePositions(received, this.#head) < 0;
        this.#registrations.set(consumer, { consumer, received, queue: [], state: behind ? 'ready' : 'live', draining: false, removed: false });
        if (behind) {
            await this.#resubscribe();
        }
    }

    remove(consumer: LedgerEventConsumer): void {
        const registration = this.#registrations.get(consumer);
        if (registration) {
            registration.removed = true;
            this.#registrations.delete(consumer);
        }
    }

    close(): void {
        this.#closed = true;
        this.#generation += 1;
        this.#subscription?.close();
        this.#subscription = undefined;
        for (const registration of this.#registrations.values()) {
            registration.removed = true;
        }
        this.#registrations.clear();
    }

    /** Subscribes again, after the switches already queued, from the earliest position a consumer taking events needs. */
    #resubscribe(): Promise<void> {
        const next = this.#switching.then(() => this.#switchSubscription());
        this.#switching = next.catch(() => undefined);
        return next;
    }

    async #switchSubscription(): Promise<void> {
        if (this.#closed) {
            return;
        }
        const generation = ++this.#generation;
        this.#subscription?.close();
        this.#subscription = undefined;
        this.#head = undefined;
        const live = [...this.#registrations.values()].filter((registration) => {
            if (registration.state === 'ready') {
                registration.state = 'live';
            }
            return registration.state === 'live';
        });
        if (!live.length) {
            return;
        }
        const startBlock = Math.min(...live.map((registration) => registration.received.block));
        this.#head = beforeBlock(startBlock);
        // A subscription starts at a block's first event, so counting from there gives every event the same position on each read.
        let block = -1;
        let index = -1;
        const subscription = await this.#ledger.subscribe(
            this.identity,
            (event) => {
                if (generation === this.#generation) {
                    index = event.blockNumber === block ? index + 1 : 0;
                    block = event.blockNumber;
                    this.#deliver(event, { block, index });
                }
            },
            {
                startBlock,
                onEnd: (error) => {
                    if (generation === this.#generation) {
                        // Nothing follows on this stream: every consumer goes on from what it was handed.
                        this.#options.onError?.(error);
                        this.#subscription = undefined;
                        setTimeout(() => !this.#closed && generation === this.#generation && this.#resubscribeUntilOpen(), this.#options.retryMs).unref();
                    }
                },
            },
        );
        if (generation !== this.#generation) {
            subscription.close();
            return;
        }
        this.#subscription = subscription;
    }

    #deliver(event: LedgerEvent, position: FeedPosition): void {
        this.#head = position;
        const positioned: FeedEvent = { ...event, position };
        for (const registration of this.#registrations.values()) {
            if (registration.state !== 'live' || comparePositions(position, registration.received) <= 0) {
                continue;
            }
            if (registration.queue.length >= this.#options.maxQueued) {
                // Holding more would let one stuck consumer fill the memory: it is read for again once it has caught up.
                registration.state = 'lagging';
                continue;
            }
            registration.queue.push(positioned);
            registration.received = position;
            this.#drain(registration);
        }
    }

    /** Hands the consumer its queue, batch by batch, until it is empty; a throw retries the same batch. */
    #drain(registration: Registration): void {
        if (registration.draining) {
            return;
        }
        registration.draining = true;
        void (async () => {
            const gone = () => this.#closed || registration.removed;
            while (!gone() && registration.queue.length) {
                const batch = registration.queue.slice(0, this.#options.maxBatch);
                try {
                    await registration.consumer.consume(batch);
                    registration.queue.splice(0, batch.length);
                } catch (error) {
                    this.#options.onError?.(error, registration.consumer.name);
                    await delay(this.#options.retryMs);
                }
            }
            registration.draining = false;
            if (!gone() && registration.state === 'lagging') {
                registration.state = 'ready';
                this.#resubscribeUntilOpen();
            }
        })();
    }

    /** Subscribes again from the consumers' positions, retrying every `retryMs` until a subscription opens. */
    #resubscribeUntilOpen(): void {
        this.#resubscribe().catch((error) => {
            this.#options.onError?.(error);
            // Until a subscription opens again no consumer gets events: keep trying.
            setTimeout(() => !this.#closed && this.#resubscribeUntilOpen(), this.#options.retryMs).unref();
        });
    }
}

function delay(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
