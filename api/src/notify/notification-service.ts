import { join } from 'node:path';
import type { NotificationDelivery } from '../contract/notification-payloads';
import { type CommittedEvent, committedEventOf } from '../events/committed-event';
import type { EventHub } from '../events/event-hub';
import type { FeedEvent, FeedPosition, LedgerEventConsumer, LedgerEventFeed } from '@coldtrace/ledger-client';
import { ensurePrivateDirectory } from '@coldtrace/telemetry';
import { deliveriesFor, type NodeRecipients } from './delivery-plan';
import { notificationOf } from './notification';
import { type NotificationOutbox, openNotificationOutbox } from './notification-outbox';
import { type DeliveryFailure, newNotificationSender, type NotificationSender, type RetryPolicy, type SenderTimers } from './notification-sender';
import { type NotificationSettingsStore, openNotificationSettingsStore } from './notification-settings-store';
import { type Mailer, smtpMailer } from './smtp-mailer';

/** How many blocks of events that notify nobody may pass before the checkpoint moves anyway. */
const CHECKPOINT_EVERY = 100;

/** Where the service tells the operator of deliveries that failed for good; pino's logger fits. */
export interface NotificationLog {
    error(fields: object, message: string): void;
}

export interface NotificationServiceOptions {
    /** The node's data directory: `notifications/` below it holds the recipients (0600) and the outbox. */
    dataDir: string;
    /** The node's SMTP server and sender address; mails fail, saying so, without one. */
    mail?: { smtpUrl: string; from: string } | { mailer: Mailer };
    /** The node's own recipients, for organizations that set none. */
    node?: NodeRecipients;
    /** Plain http webhooks to this machine (development only). */
    allowLoopbackHttp: boolean;
    now?: () => number;
    timers?: SenderTimers | 'manual';
    retry?: RetryPolicy;
    log?: NotificationLog;
    /** Also told of each delivery that failed for good (the server counts them in a metric). */
    onFailure?(failure: DeliveryFailure): void;
}

/**
 * Notifications per organization, independent of the sensors pipeline: takes the committed ledger
 * events (a consumer of the process's ledger-event feed, from the outbox's checkpoint) and the
 * backend's own events (EventHub listener `handle`), writes a delivery per recipient to the durable
 * outbox and lets the sender deliver them.
 *
 * @example
 * const notifications = openNotificationService({ dataDir: './data', mail: { smtpUrl, from }, allowLoopbackHttp: false });
 * await notifications.follow(feed, hub); // the process's feed and the API's EventHub
 * notifications.start();
 */
export interface NotificationService {
    readonly settings: NotificationSettingsStore;
    readonly outbox: NotificationOutbox;
    readonly sender: NotificationSender;
    /** Whether the node has a mail server to send with. */
    readonly mailServer: boolean;
    /**
     * Takes in the ledger's events from where the service stopped (from the ledger's height on a
     * first start), so events committed while the node was down are notified too, and the
     * backend's own events (no block) from the hub.
     */
    follow(feed: LedgerEventFeed, hub: EventHub): Promise<void>;
    /**
     * The feed's consumer of ledger events: a write to the outbox that fails throws, and the feed
     * hands the events over again from the checkpoint (the keys make the replay harmless).
     */
    readonly ledgerEvents: LedgerEventConsumer;
    /** The EventHub listener for the backend's own events: writes the event's deliveries, if it is notified. */
    readonly handle: (event: CommittedEvent) => void;
    /** Makes an organization's failed delivery pending again, due now; undefined when it has no failed one by that key. */
    retry(org: string, key: string): NotificationDelivery | undefined;
    /** Delivers what waited in the outbox across the restart, and from then on what comes in. */
    start(): void;
    close(): Promise<void>;
}

/** Opens the {@link NotificationService} of the node whose data directory is `options.dataDir`. */
export function openNotificationService(options: NotificationServiceOptions): NotificationService {
    return new OutboxNotificationService(options);
}

class OutboxNotificationService implements NotificationService {
    readonly settings: NotificationSettingsStore;
    readonly outbox: NotificationOutbox;
    readonly sender: NotificationSender;
    readonly mailServer: boolean;
    readonly #now: () => number;
    #checkpointed = -1;

    readonly #options: NotificationServiceOptions;

    constructor(options: NotificationServiceOptions) {
        this.#options = options;
        const dir = join(options.dataDir, 'notifications');
        ensurePrivateDirectory(dir);
        this.#now = options.now ?? Date.now;
        this.settings = openNotificationSettingsStore(join(dir, 'recipients.json'), { allowLoopbackHttp: options.allowLoopbackHttp });
        this.outbox = openNotificationOutbox(join(dir, 'outbox.db'));
        const mail = options.mail;
        this.mailServer = mail !== undefined;
        this.#checkpointed = this.outbox.checkpoint()?.block ?? -1;
        this.sender = newNotificationSender({
            outbox: this.outbox,
            mailer: mail && ('mailer' in mail ? mail.mailer : smtpMailer(mail.smtpUrl, mail.from)),
            secretOf: (org, url) => (org === '' ? (options.node?.webhook?.url === url ? options.node.webhook.secret : undefined) : this.settings.webhookSecret(org, url)),
            now: this.#now,
            retry: options.retry,
            timers: options.timers,
            onFailure: (failure) => {
                const { delivery, error } = failure;
                options.log?.error(
                    {
                        notification: delivery.notificationId,
                        org: delivery.org || undefined,
                        channel: delivery.channel,
                        target: delivery.target,
                        attempts: delivery.attempts,
                        error,
                    },
                    `notification ${delivery.notificationId} could not be delivered to ${delivery.target}: ${error}`,
                );
                options.onFailure?.(failure);
            },
        });
    }

    async follow(feed: LedgerEventFeed, hub: EventHub): Promise<void> {
        hub.listen((event) => event.blockNumber < 0 && this.handle(event));
        await feed.add(this.ledgerEvents);
    }

    readonly ledgerEvents: LedgerEventConsumer = {
        name: 'notifier',
        firstStart: 'height',
        checkpoint: () => this.outbox.checkpoint(),
        consume: (events: readonly FeedEvent[]) => {
            for (const event of events) {
                const committed = committedEventOf(event);
                if (committed) {
                    this.#take(committed, event.position);
                }
            }
        },
    };

    readonly handle = (event: CommittedEvent): void => {
        try {
            this.#take(event);
        } catch (error) {
            // The hub swallows a listener's errors; the operator must hear of an event not taken in.
            this.#options.log?.error({ event: event.id, type: event.type, err: error }, `notification of ${event.type} (${event.id}) could not be written to the outbox`);
        }
    };

    #take(event: CommittedEvent, position?: FeedPosition): void {
        const notification = notificationOf(event);
        const deliveries = notification ? deliveriesFor(notification, this.settings, this.#options.node ?? { emails: [] }) : [];
        // Events nobody is told of move the checkpoint now and then only: replaying them costs nothing.
        const moveCheckpoint = position !== undefined && (deliveries.length > 0 || position.block - this.#checkpointed >= CHECKPOINT_EVERY);
        if (!deliveries.length && !moveCheckpoint) {
            return;
        }
        if (this.outbox.enqueue(deliveries, { position: moveCheckpoint ? position : undefined, now: this.#now() }) > 0) {
            this.sender.kick();
        }
        if (moveCheckpoint) {
            this.#checkpointed = position.block;
        }
    }

    retry(org: string, key: string): NotificationDelivery | undefined {
        if (!this.outbox.retry(org, key, this.#now())) {
            return undefined;
        }
        this.sender.kick();
        return this.outbox.get(org, key);
    }

    start(): void {
        this.sender.kick();
    }

    async close(): Promise<void> {
        await this.sender.close();
        this.outbox.close();
    }
}
