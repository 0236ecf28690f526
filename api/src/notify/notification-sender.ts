import type { DueDelivery, NotificationOutbox } from './notification-outbox';
import { postSignedWebhook } from './signed-webhook-post';
import type { Mailer } from './smtp-mailer';

/** How often and how far apart a delivery is tried before it fails for good. */
export interface RetryPolicy {
    maxAttempts: number;
    /** Milliseconds to wait after failed attempt number `attempt` (1-based). */
    delayMs(attempt: number): number;
}

/** 10 attempts, 30 s doubling up to an hour apart: about three hours before a delivery fails for good. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 10, delayMs: (attempt) => Math.min(30_000 * 2 ** (attempt - 1), 3_600_000) };

/** Timers the sender wakes itself with; tests pass none and call `runDue` themselves. */
export interface SenderTimers {
    setTimeout(callback: () => void, ms: number): { unref?(): void };
    clearTimeout(handle: unknown): void;
}

/** A delivery that failed for good, for the log and the metrics. */
export interface DeliveryFailure {
    delivery: DueDelivery;
    error: string;
}

export interface NotificationSenderOptions {
    outbox: NotificationOutbox;
    /** The node's mail server; without one, mails fail at once, saying so. */
    mailer?: Mailer;
    /** The secret of an organization's webhook at the time of the attempt ('' for the node's own). */
    secretOf(org: string, url: string): string | undefined;
    /** Milliseconds since the epoch; tests drive retries with their own clock. */
    now: () => number;
    retry?: RetryPolicy;
    /** Real timers by default; `'manual'` leaves every run to `runDue`. */
    timers?: SenderTimers | 'manual';
    onFailure?(failure: DeliveryFailure): void;
}

/** A delivery that must not be tried again: retrying cannot help. */
class PermanentFailure extends Error {}

/** How many deliveries one run attempts at once. */
const BATCH = 50;

/**
 * Delivers what is due in the outbox: mails through the node's SMTP server, webhooks signed at each
 * attempt. A failed attempt is tried again after the retry policy's delay; after the last one the
 * delivery is marked failed, listed by the API and reported to `onFailure`. State lives only in the
 * outbox, so a restart resumes where it stopped.
 *
 * @example
 * const sender = newNotificationSender({ outbox, mailer, secretOf, now: Date.now });
 * sender.kick(); // after enqueueing
 */
export interface NotificationSender {
    /** Runs soon (on real timers); new deliveries were enqueued. */
    kick(): void;
    /**
     * Attempts every delivery due now, once, and answers when all attempts ended. Called while a run is
     * under way, it runs again after it.
     */
    runDue(): Promise<void>;
    /** Stops scheduling and waits for the attempts under way; what is left stays pending in the outbox. */
    close(): Promise<void>;
}

/** A {@link NotificationSender} delivering what is due in `options.outbox`. */
export function newNotificationSender(options: NotificationSenderOptions): NotificationSender {
    return new OutboxNotificationSender(options);
}

class OutboxNotificationSender implements NotificationSender {
    #running: Promise<void> | undefined;
    #again = false;
    #timer: unknown;
    #closed = false;

    readonly #options: NotificationSenderOptions;

    constructor(options: NotificationSenderOptions) {
        this.#options = options;
    }

    kick(): void {
        this.#schedule(0);
    }

    async runDue(): Promise<void> {
        if (this.#running) {
            this.#again = true;
            return this.#running;
        }
        this.#running = (async () => {
            do {
                this.#again = false;
                let due: DueDelivery[];
                while (!this.#closed && (due = this.#options.outbox.due(this.#options.now(), BATCH)).length) {
                    await Promise.all(due.map((delivery) => this.#attempt(delivery)));
                }
            } while (this.#again && !this.#closed);
        })();
        try {
            await this.#running;
        } finally {
            this.#running = undefined;
        }
        const next = this.#options.outbox.nextDueAt();
        if (next !== undefined && !this.#closed) {
            this.#schedule(Math.max(0, next - this.#options.now()));
        }
    }

    async close(): Promise<void> {
        this.#closed = true;
        if (this.#timer !== undefined && this.#options.timers !== 'manual') {
            (this.#options.timers ?? globalThis).clearTimeout(this.#timer);
        }
        await this.#running;
        this.#options.mailer?.close();
    }

    #schedule(ms: number): void {
        const timers = this.#options.timers;
        if (timers === 'manual' || this.#closed) {
            return;
        }
        const clock = timers ?? globalThis;
        if (this.#timer !== undefined) {
            clock.clearTimeout(this.#timer);
        }
        // Node's timers take at most 2^31-1 ms; a later due date is looked at again then.
        const handle = clock.setTimeout(
            () => {
                this.#timer = undefined;
                void this.runDue();
            },
            Math.min(ms, 2 ** 31 - 1),
        );
        handle.unref?.();
        this.#timer = handle;
    }

    async #attempt(delivery: DueDelivery): Promise<void> {
        const { outbox, now } = this.#options;
        const retry = this.#options.retry ?? DEFAULT_RETRY;
        try {
            await this.#deliver(delivery);
            outbox.delivered(delivery.key, now());
        } catch (error) {
            const message = (error as Error).message || String(error);
            const attempt = delivery.attempts + 1;
            const last = error instanceof PermanentFailure || attempt >= retry.maxAttempts;
            outbox.attemptFailed(delivery.key, message, last ? undefined : now() + retry.delayMs(attempt));
            if (last) {
                this.#options.onFailure?.({ delivery: { ...delivery, attempts: attempt }, error: message });
            }
        }
    }

    async #deliver(delivery: DueDelivery): Promise<void> {
        if (delivery.channel === 'email') {
            if (!this.#options.mailer) {
                throw new PermanentFailure('this node has no mail server: set COLDTRACE_SMTP_URL and COLDTRACE_MAIL_FROM');
            }
            await this.#options.mailer.send({
                to: delivery.target,
                subject: delivery.subject,
                text: delivery.body,
                language: delivery.language,
                notificationId: delivery.notificationId,
            });
            return;
        }
        const secret = this.#options.secretOf(delivery.org, delivery.target);
        if (!secret) {
            throw new PermanentFailure(`the webhook ${delivery.target} is no longer among the recipients`);
        }
        await postSignedWebhook(delivery.target, secret, delivery.body, this.#options.now);
    }
}
