import type { NotificationKind } from '../contract/notification-payloads';
import type { CommittedEvent } from '../events/event-hub';
import { NOTIFIED_EVENTS, type NotifiedEvent } from './notified-events';

/** Something organizations must hear about, before it is written for one recipient. */
export interface Notification {
    /** Stable across replays and restarts: the outbox's idempotency key starts with it, receivers deduplicate on it. */
    id: string;
    eventType: string;
    kind: NotificationKind;
    /** The organizations to tell: the event's parties and the fields its table entry adds. */
    organizations: string[];
    /** The event as it happened (ids, reason, actor …), for the text and for machines. */
    payload: Record<string, unknown> & { ids: Record<string, string> };
    txId?: string;
    at: string;
    entry: NotifiedEvent;
}

/**
 * The notification an event deserves, if its type is in {@link NOTIFIED_EVENTS}. A ledger event's id
 * is its transaction (one event per transaction); an event the backend announced itself has no
 * transaction, so its type, ids and time name it.
 *
 * @example
 * notificationOf(event)?.organizations; // ['ManufacturerMSP', 'RetailerMSP']
 */
export function notificationOf(event: CommittedEvent): Notification | undefined {
    const entry = NOTIFIED_EVENTS[event.type];
    if (!entry) {
        return undefined;
    }
    const payload = event.payload as Notification['payload'];
    const ids = payload.ids ?? {};
    const at = typeof payload.at === 'string' ? payload.at : '';
    const organizations = new Set<string>();
    for (const field of ['parties', ...(entry.alsoTell ?? [])]) {
        const named = payload[field];
        for (const org of Array.isArray(named) ? named : [named]) {
            if (typeof org === 'string' && org) {
                organizations.add(org);
            }
        }
    }
    return {
        id: event.txId ? `${event.type}:${event.txId}` : [event.type, ...Object.values(ids), at].join(':'),
        eventType: event.type,
        kind: entry.kind,
        organizations: [...organizations].sort(),
        payload: { ...payload, ids },
        txId: event.txId || undefined,
        at,
        entry,
    };
}
