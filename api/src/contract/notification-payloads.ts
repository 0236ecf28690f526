import { z } from 'zod';
import { MspIdSchema } from '@coldtrace/chaincode/model';

/** What an organization can ask to be told about; each notified event maps to one (api/src/notify/notified-events.ts). */
export const NOTIFICATION_KINDS = ['excursion', 'hold', 'recall', 'anomaly', 'sensor_flooding'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Languages mails are written in. */
export const NOTIFICATION_LANGUAGES = ['en', 'ja'] as const;
export type NotificationLanguage = (typeof NOTIFICATION_LANGUAGES)[number];

/** The most recipients of each channel one organization keeps: a list, not a mailing system. */
export const MAX_EMAIL_RECIPIENTS = 20;
export const MAX_WEBHOOKS = 5;
/** A webhook secret shorter than this is too easy to guess for an HMAC key. */
export const MIN_WEBHOOK_SECRET_LENGTH = 16;

const Kinds = z
    .array(z.enum(NOTIFICATION_KINDS))
    .min(1, 'name at least one kind of event')
    .refine((kinds) => new Set(kinds).size === kinds.length, 'names a kind twice');

/** One e-mail recipient: the address, the language of its mails and the kinds of event it receives. */
export const EmailRecipient = z.strictObject({
    address: z.email().max(254),
    language: z.enum(NOTIFICATION_LANGUAGES).default('en'),
    kinds: Kinds,
});
export type EmailRecipient = z.output<typeof EmailRecipient>;

/**
 * One webhook as an administrator sends it. `secret` may be left out for a URL that is already
 * configured (the stored secret is kept), since the API never shows a secret once set.
 */
export const WebhookRecipientInput = z.strictObject({
    url: z.string().min(1).max(2048),
    secret: z.string().min(MIN_WEBHOOK_SECRET_LENGTH, `must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters`).max(256).optional(),
    kinds: Kinds,
});

const unique = <T>(items: readonly T[], key: (item: T) => string) => new Set(items.map(key)).size === items.length;

/**
 * `PUT /organizations/{mspId}/notifications`: the organization's whole recipient list, replacing
 * the one before.
 *
 * @example
 * { emails: [{ address: 'qa@pharmacy.example', language: 'ja', kinds: ['recall', 'hold'] }],
 *   webhooks: [{ url: 'https://erp.pharmacy.example/hooks/coldtrace', secret: '…32 random characters…', kinds: ['recall'] }] }
 */
export const NotificationSettingsBody = z
    .strictObject({
        emails: z.array(EmailRecipient).max(MAX_EMAIL_RECIPIENTS).default([]),
        webhooks: z.array(WebhookRecipientInput).max(MAX_WEBHOOKS).default([]),
    })
    .refine((body) => unique(body.emails, (e) => e.address.toLowerCase()), { message: 'lists an address twice', path: ['emails'] })
    .refine((body) => unique(body.webhooks, (w) => w.url), { message: 'lists a URL twice', path: ['webhooks'] });
export type NotificationSettingsBody = z.input<typeof NotificationSettingsBody>;

/** A webhook as the API shows it: never its secret. */
export interface WebhookRecipientView {
    url: string;
    kinds: NotificationKind[];
    secretSet: true;
}

/** `GET /organizations/{mspId}/notifications`. */
export interface NotificationSettingsView {
    mspId: string;
    emails: EmailRecipient[];
    webhooks: WebhookRecipientView[];
    /** Whether this node has a mail server (COLDTRACE_SMTP_URL); without one, mails fail at once. */
    mailServer: boolean;
    updatedAt?: string;
    updatedBy?: string;
}

export const NotificationParams = z.strictObject({ mspId: MspIdSchema });

export const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** `GET /organizations/{mspId}/notifications/deliveries`: the newest first. */
export const DeliveriesQuery = z.strictObject({
    state: z.enum(DELIVERY_STATES).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type DeliveriesQuery = z.input<typeof DeliveriesQuery>;

/** One notification to one recipient, as the outbox holds it. */
export interface NotificationDelivery {
    /** `<notification id>|<channel>|<address or URL>`: the idempotency key, one delivery per event and recipient. */
    key: string;
    notificationId: string;
    eventType: string;
    kind: NotificationKind;
    channel: 'email' | 'webhook';
    target: string;
    language: NotificationLanguage;
    subject: string;
    state: DeliveryState;
    attempts: number;
    /** When the next attempt is due, while pending. */
    nextAttemptAt?: string;
    lastError?: string;
    createdAt: string;
    deliveredAt?: string;
}

export const DeliveryParams = z.strictObject({ mspId: MspIdSchema, key: z.string().min(1).max(3000) });
