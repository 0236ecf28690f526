import nodemailer, { type Transporter } from 'nodemailer';
import type { Notification } from './notification';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature';

export interface EmailChannel {
    /** SMTP server, e.g. `{ host: 'smtp.example.com', port: 587, auth: { user, pass } }`. */
    smtp: { host: string; port: number; secure?: boolean; auth?: { user: string; pass: string }; requireTLS?: boolean };
    from: string;
    to: string[];
}

export interface WebhookChannel {
    url: string;
    /** Shared secret for the HMAC signature. */
    secret: string;
}

export interface NotifierOptions {
    email?: EmailChannel;
    webhooks?: WebhookChannel[];
    /** Attempts per delivery (with 0.5 s, 1 s, 2 s … backoff); default 4. */
    attempts?: number;
    /** Told of deliveries that failed after every attempt. */
    onFailure?: (failure: { channel: string; notification: Notification; error: Error }) => void;
    /** Milliseconds since the epoch, for the signed timestamp of each webhook attempt; tests inject a clock. */
    now?: () => number;
}

/**
 * Sends each notification by email (SMTP) and to every webhook (JSON, HMAC-signed), retrying each
 * channel on its own: a dead webhook never holds back the email.
 *
 * @example
 * const notifier = new Notifier({ email: { smtp: { host: 'localhost', port: 25 }, from: 'coldtrace@example.com', to: ['qa@example.com'] } });
 * pipeline events: (event) => { const n = notificationOfTelemetry(event); if (n) void notifier.send(n); }
 */
export class Notifier {
    readonly #mail: Transporter | undefined;
    readonly #pending = new Set<Promise<void>>();

    constructor(private readonly options: NotifierOptions) {
        this.#mail = options.email ? nodemailer.createTransport({ ...options.email.smtp, connectionTimeout: 10_000 }) : undefined;
    }

    /** Delivers on every channel; resolves when all are done (failures go to `onFailure`, never thrown). */
    send(notification: Notification): Promise<void> {
        const deliveries: Promise<void>[] = [];
        const { email } = this.options;
        if (email && this.#mail) {
            const mail = this.#mail;
            deliveries.push(
                this.withRetries('email', notification, async () => {
                    await mail.sendMail({ from: email.from, to: email.to, subject: notification.subject, text: notification.text, headers: { 'X-Coldtrace-Notification': notification.id } });
                }),
            );
        }
        for (const hook of this.options.webhooks ?? []) {
            deliveries.push(this.withRetries(`webhook ${hook.url}`, notification, () => postWebhook(hook, notification, this.options.now ?? Date.now)));
        }
        const all = Promise.all(deliveries).then(() => undefined);
        this.#pending.add(all);
        void all.finally(() => this.#pending.delete(all));
        return all;
    }

    /** Waits for deliveries in progress, then closes the SMTP pool. */
    async close(): Promise<void> {
        await Promise.all(this.#pending);
        this.#mail?.close();
    }

    private async withRetries(channel: string, notification: Notification, deliver: () => Promise<void>): Promise<void> {
        const attempts = this.options.attempts ?? 4;
        for (let attempt = 1; ; attempt++) {
            try {
                await deliver();
                return;
            } catch (error) {
                if (attempt >= attempts) {
                    this.options.onFailure?.({ channel, notification, error: error as Error });
                    return;
                }
                await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** (attempt - 1)));
            }
        }
    }
}

/** One attempt, signed with the time it is made: a retry minutes later still passes the receiver's age bound. */
async function postWebhook(hook: WebhookChannel, notification: Notification, now: () => number): Promise<void> {
    const body = JSON.stringify({ id: notification.id, kind: notification.kind, subject: notification.subject, at: notification.at, data: notification.data });
    const timestamp = String(Math.floor(now() / 1000));
    const response = await fetch(hook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signWebhook(hook.secret, timestamp, body), [TIMESTAMP_HEADER]: timestamp },
        body,
        signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
        throw new Error(`webhook answered ${response.status}`);
    }
}
