import type { LedgerEvent as ChaincodeEvent } from '@coldtrace/chaincode/model';
import type { EventSubscription, Ledger, LedgerIdentity } from '@coldtrace/ledger-client';

/** A committed chaincode event (or one the backend observed itself) as the API hands it on. */
export interface CommittedEvent {
    /** `<block>:<txId>` (`local:<n>` for the backend's own): the SSE event id, which a reconnecting client sends back as Last-Event-ID. */
    id: string;
    /** -1 for the backend's own events. */
    blockNumber: number;
    txId: string;
    type: string;
    payload: ChaincodeEvent & { at?: string; actor?: unknown };
}

export type EventListener = (event: CommittedEvent) => void;

/** How many recent events a reconnecting client can catch up on. */
const REPLAY_SIZE = 1000;

/**
 * One subscription to the ledger's chaincode events, fanned out to every listener (SSE streams,
 * notifiers). It keeps the last events so a client that reconnects with Last-Event-ID misses none.
 *
 * @example
 * const hub = await EventHub.start(ledger, serviceIdentity);
 * const stop = hub.listen((event) => console.log(event.type), lastEventId);
 */
export class EventHub {
    private readonly listeners = new Set<EventListener>();
    private readonly recent: CommittedEvent[] = [];
    private local = 0;

    private constructor(private subscription: EventSubscription | undefined) {}

    /**
     * Subscribes from the ledger's current height (what committed before is in the records already),
     * or from `startBlock` for a listener that must miss nothing across restarts (the notifier): its
     * `listeners` are added first, so they get the replayed events too.
     */
    static async start(ledger: Ledger, identity: LedgerIdentity, options: { startBlock?: number; listeners?: readonly EventListener[] } = {}): Promise<EventHub> {
        const hub = new EventHub(undefined);
        options.listeners?.forEach((listener) => hub.listen(listener));
        hub.subscription = await ledger.subscribe(identity, (event) => hub.publish(event), { startBlock: options.startBlock ?? (await ledger.height(identity)) });
        return hub;
    }

    /** Adds a listener, first replaying what committed after `lastEventId` when the hub still holds it. */
    listen(listener: EventListener, lastEventId?: string): () => void {
        if (lastEventId) {
            const index = this.recent.findIndex((event) => event.id === lastEventId);
            if (index >= 0) {
                this.recent.slice(index + 1).forEach(listener);
            }
        }
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    /**
     * Hands on an event the backend itself observed (a sensor flooding the broker, say), not a
     * chaincode event; `parties` decides who receives it, as for ledger events.
     */
    announce(type: string, payload: { parties: string[]; ids: Record<string, string>; [detail: string]: unknown }): void {
        this.local += 1;
        this.deliver({ id: `local:${this.local}`, blockNumber: -1, txId: '', type, payload: { type, ...payload } });
    }

    close(): void {
        this.subscription?.close();
        this.listeners.clear();
    }

    private publish(event: { blockNumber: number; txId: string; eventName: string; payload: Uint8Array }): void {
        let payload: CommittedEvent['payload'];
        try {
            payload = JSON.parse(Buffer.from(event.payload).toString('utf8'));
        } catch {
            return; // not one of coldtrace's events
        }
        this.deliver({ id: `${event.blockNumber}:${event.txId}`, blockNumber: event.blockNumber, txId: event.txId, type: event.eventName, payload });
    }

    private deliver(committed: CommittedEvent): void {
        this.recent.push(committed);
        if (this.recent.length > REPLAY_SIZE) {
            this.recent.shift();
        }
        for (const listener of this.listeners) {
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
