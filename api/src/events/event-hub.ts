import type { FeedEvent, LedgerEventConsumer, LedgerEventFeed } from '@coldtrace/ledger-client';
import { type CommittedEvent, committedEventOf } from './committed-event';

export type { CommittedEvent } from './committed-event';

export type EventListener = (event: CommittedEvent) => void;

/** How many recent events a reconnecting client can catch up on. */
const REPLAY_SIZE = 1000;

/**
 * The API's live stream of chaincode events, one consumer of the process's {@link LedgerEventFeed},
 * fanned out to every listener (SSE streams, EPCIS subscriptions, the notifier's local events). It
 * starts at the ledger's height (what committed before is in the records already) and keeps the
 * last events so a client that reconnects with Last-Event-ID misses none.
 *
 * @example
 * const hub = await startEventHub(feed);
 * const stop = hub.listen((event) => console.log(event.type), lastEventId);
 */
export interface EventHub {
    /** Adds a listener, first replaying what committed after `lastEventId` when the hub still holds it; answers its removal. */
    listen(listener: EventListener, lastEventId?: string): () => void;
    /**
     * Hands on an event the backend itself observed (a sensor flooding the broker, say), not a
     * chaincode event; `parties` decides who receives it, as for ledger events.
     */
    announce(type: string, payload: { parties: string[]; ids: Record<string, string>; [detail: string]: unknown }): void;
    /** Leaves the feed and drops every listener. */
    close(): void;
}

/** Starts an {@link EventHub} as a consumer of `feed`, from the ledger's height. */
export function startEventHub(feed: LedgerEventFeed): Promise<EventHub> {
    return FeedEventHub.start(feed);
}

class FeedEventHub implements EventHub, LedgerEventConsumer {
    readonly name = 'event-hub';
    readonly firstStart = 'height';
    readonly #listeners = new Set<EventListener>();
    readonly #recent: CommittedEvent[] = [];
    #local = 0;

    readonly #feed: LedgerEventFeed;

    private constructor(feed: LedgerEventFeed) {
        this.#feed = feed;
    }

    static async start(feed: LedgerEventFeed): Promise<FeedEventHub> {
        const hub = new FeedEventHub(feed);
        await feed.add(hub);
        return hub;
    }

    /** Live only: a restarted node's streams begin again at the ledger's height. */
    checkpoint(): undefined {
        return undefined;
    }

    consume(events: readonly FeedEvent[]): void {
        for (const event of events) {
            const committed = committedEventOf(event);
            if (committed) {
                this.#deliver(committed);
            }
        }
    }

    listen(listener: EventListener, lastEventId?: string): () => void {
        if (lastEventId) {
            const index = this.#recent.findIndex((event) => event.id === lastEventId);
            if (index >= 0) {
                this.#recent.slice(index + 1).forEach(listener);
            }
        }
        this.#listeners.add(listener);
        return () => this.#listeners.delete(listener);
    }

    announce(type: string, payload: { parties: string[]; ids: Record<string, string>; [detail: string]: unknown }): void {
        this.#local += 1;
        this.#deliver({ id: `local:${this.#local}`, blockNumber: -1, txId: '', type, payload: { type, ...payload } });
    }

    close(): void {
        this.#feed.remove(this);
        this.#listeners.clear();
    }

    #deliver(committed: CommittedEvent): void {
        this.#recent.push(committed);
        if (this.#recent.length > REPLAY_SIZE) {
            this.#recent.shift();
        }
        for (const listener of this.#listeners) {
            try {
                listener(committed);
            } catch {
                // One broken listener must not starve the others.
            }
        }
    }
}

/** Whether a user of `org` (with `role`) may see an event: auditors see all, others what they are party to. */
export function mayReceive(event: CommittedEvent, user: { org: string; role: string }): boolean {
    return user.role === 'auditor' || (Array.isArray(event.payload.parties) && event.payload.parties.includes(user.org));
}
