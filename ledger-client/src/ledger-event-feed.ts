import type { FeedPosition } from './feed-position';
import type { LedgerEvent } from './ledger';

/** A chaincode event as the feed hands it over, with the position a consumer checkpoints. */
export interface FeedEvent extends LedgerEvent {
    readonly position: FeedPosition;
}

/**
 * One reader of the ledger's events behind a {@link LedgerEventFeed}, which keeps its own durable
 * checkpoint: the position of the last event it took in, best written in the same transaction as
 * what the events changed. Delivery is at least once: events after the checkpoint are handed over
 * again after a restart or a throw, so taking an event in twice must change nothing.
 *
 * @example
 * const consumer: LedgerEventConsumer = {
 *     name: 'audit-log',
 *     firstStart: 0,
 *     checkpoint: () => store.position(),
 *     consume: (events) => store.append(events, events.at(-1)!.position), // one transaction
 * };
 */
export interface LedgerEventConsumer {
    /** For logs: whose events failed. */
    readonly name: string;
    /** Where to start without a checkpoint: a block, or `'height'` for what commits from now on. */
    readonly firstStart: number | 'height';
    /** The last position taken in durably, undefined on a first start. Read once, when the consumer is added. */
    checkpoint(): FeedPosition | undefined | Promise<FeedPosition | undefined>;
    /**
     * Takes in events, in chain order, each after the previous call's. A throw (or rejection) hands
     * the same events over again later; the feed's other consumers go on meanwhile.
     */
    consume(events: readonly FeedEvent[]): void | Promise<void>;
}

/**
 * A process's one subscription to the ledger's chaincode events, fanned out to its consumers
 * (the API's event hub, the notifier, the detector's shipment directory), each from its own
 * checkpoint, so a slow or failing consumer holds up only itself.
 *
 * @example
 * const feed = newLedgerEventFeed(ledger, identity);
 * await feed.add(directoryConsumer); // from its checkpoint
 * await feed.add(hub); // live, from the ledger's height
 * feed.close();
 */
export interface LedgerEventFeed {
    /** The ledger's height as the peer the feed reads from sees it. */
    height(): Promise<number>;
    /** Starts handing events to `consumer` after its checkpoint; resolves once the feed reads from there. */
    add(consumer: LedgerEventConsumer): Promise<void>;
    /** Stops handing events to `consumer` (an event it is taking in now still finishes). */
    remove(consumer: LedgerEventConsumer): void;
    close(): void;
}
