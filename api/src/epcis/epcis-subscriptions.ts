import type { Logger } from 'pino';
import type { CommittedEvent } from '../events/event-hub';
import type { Caller } from '../http/caller';
import { postSignedWebhook } from '../notify/signed-webhook-post';
import { matchesFilter } from './epcis-event-match';
import { epcisQueryDocument } from './epcis-query-document';
import { EpcisQuery, filterOf } from './epcis-query-parameters';
import type { LedgerEventSource } from './ledger-event-source';
import type { NamedQueryStore } from './named-query-store';

export interface EpcisSubscriptionsOptions {
    store: NamedQueryStore;
    source: Pick<LedgerEventSource, 'eventsOfTransaction'>;
    /** The subscriber's identity now: a deleted user's subscriptions fall silent. */
    callerNamed: (username: string) => Promise<Caller | undefined>;
    log?: Pick<Logger, 'warn'>;
    now?: () => number;
}

/**
 * Streams new events to the subscribers of named queries: for each committed ledger transaction
 * (the API's EventHub), the events it recorded, read as each subscriber (so the chaincode's
 * visibility holds), that match the subscriber's query and were not sent before, go in one signed
 * `EPCISQueryDocument` POST (coldtrace's webhook signature, also in `GS1-Signature`). One attempt
 * per event: a subscriber that was down re-reads with `GET /epcis/queries/{name}/events`.
 *
 * @example
 * const stop = hub.listen((event) => subscriptions.handle(event));
 */
export class EpcisSubscriptions {
    #queue: Promise<void> = Promise.resolve();

    readonly #options: EpcisSubscriptionsOptions;

    constructor(options: EpcisSubscriptionsOptions) {
        this.#options = options;
    }

    /** EventHub listener: deliveries run one transaction at a time, in commit order. */
    handle(event: CommittedEvent): void {
        if (event.blockNumber < 0 || !this.#options.store.active().length) {
            return;
        }
        this.#queue = this.#queue
            .then(() => this.#deliver(event))
            .catch((error: unknown) => this.#options.log?.warn({ err: error, event: event.id }, 'EPCIS subscription delivery failed'));
    }

    /** Resolves once every transaction handed over so far is delivered (tests, shutdown). */
    idle(): Promise<void> {
        return this.#queue;
    }

    async #deliver(event: CommittedEvent): Promise<void> {
        const now = this.#options.now ?? Date.now;
        for (const { subscription, query } of this.#options.store.active()) {
            const caller = await this.#options.callerNamed(subscription.owner.username);
            if (!caller) {
                continue;
            }
            const filter = filterOf(EpcisQuery.parse(query.query));
            const seen = new Set(subscription.delivered);
            const events = (await this.#options.source.eventsOfTransaction(caller.identity, event.txId, event.payload.ids ?? {})).filter(
                (mapped) => !seen.has(mapped.eventID) && matchesFilter(mapped, filter),
            );
            if (!events.length) {
                continue;
            }
            const body = JSON.stringify(epcisQueryDocument(events, { queryName: query.name, subscriptionID: subscription.subscriptionID, at: new Date(now()).toISOString() }));
            try {
                await postSignedWebhook(subscription.dest, subscription.secret, body, now, { gs1Signature: true });
                this.#options.store.recordDelivery(
                    subscription.subscriptionID,
                    events.map((e) => e.eventID),
                    new Date(now()).toISOString(),
                );
            } catch (error) {
                this.#options.log?.warn(
                    { err: error, subscription: subscription.subscriptionID, dest: subscription.dest },
                    `EPCIS subscription ${subscription.subscriptionID} could not be delivered`,
                );
            }
        }
    }
}
