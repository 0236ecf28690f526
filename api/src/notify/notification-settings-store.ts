import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { EmailRecipient, NOTIFICATION_KINDS, type NotificationKind, NotificationSettingsBody } from '../contract/notification-payloads';
import { narrowToOwner, writePrivateFile } from '@coldtrace/telemetry';
import { InvalidNotificationSettingsError } from './invalid-notification-settings-error';
import { InvalidWebhookUrlError } from './invalid-webhook-url-error';
import { parseWebhookUrl } from './webhook-url';

const StoredWebhook = z.strictObject({ url: z.string(), secret: z.string(), kinds: z.array(z.enum(NOTIFICATION_KINDS)) });
export type StoredWebhook = z.output<typeof StoredWebhook>;

const OrganizationRecipients = z.strictObject({
    emails: z.array(EmailRecipient),
    webhooks: z.array(StoredWebhook),
    updatedAt: z.string(),
    updatedBy: z.string(),
});
/** One organization's recipients as the node keeps them, webhook secrets included. */
export type OrganizationRecipients = z.output<typeof OrganizationRecipients>;

const SettingsFile = z.strictObject({ version: z.literal(1), organizations: z.record(z.string(), OrganizationRecipients) });

/**
 * Each member organization's notification recipients (e-mail addresses with their language, webhooks
 * with their secrets), kept in one 0600 JSON file of the node's data directory: secrets never go on
 * the ledger, whose member record holds only the public contact.
 *
 * @example
 * const settings = openNotificationSettingsStore('data/notifications/recipients.json', { allowLoopbackHttp: false });
 * settings.recipientsFor('RetailerMSP', 'recall').emails; // [{ address: 'qa@pharmacy.example', language: 'ja', kinds: ['recall'] }]
 */
export interface NotificationSettingsStore {
    /** The organization's recipients, when it set any. */
    of(mspId: string): OrganizationRecipients | undefined;
    /** The organization's recipients of one kind of event; none when it set none. */
    recipientsFor(mspId: string, kind: NotificationKind): { emails: EmailRecipient[]; webhooks: StoredWebhook[] };
    webhookSecret(mspId: string, url: string): string | undefined;
    /**
     * Replaces an organization's recipients. A webhook given without a secret keeps the one stored
     * for its URL; a new URL needs one. Throws {@link InvalidNotificationSettingsError} (nothing
     * written) for a URL coldtrace will not post to or a new webhook without a secret.
     */
    replace(mspId: string, body: NotificationSettingsBody, by: { user: string; at: string }): OrganizationRecipients;
}

/** The {@link NotificationSettingsStore} kept at `path`: reads the file, if there is one; a file that is not what coldtrace wrote stops the server, saying where. */
export function openNotificationSettingsStore(path: string, options: { allowLoopbackHttp: boolean }): NotificationSettingsStore {
    return FileNotificationSettingsStore.open(path, options);
}

class FileNotificationSettingsStore implements NotificationSettingsStore {
    readonly #path: string;
    readonly #options: { allowLoopbackHttp: boolean };
    #organizations: Record<string, OrganizationRecipients>;

    private constructor(path: string, options: { allowLoopbackHttp: boolean }, organizations: Record<string, OrganizationRecipients>) {
        this.#path = path;
        this.#options = options;
        this.#organizations = organizations;
    }

    static open(path: string, options: { allowLoopbackHttp: boolean }): FileNotificationSettingsStore {
        if (!existsSync(path)) {
            return new FileNotificationSettingsStore(path, options, {});
        }
        narrowToOwner(path);
        let parsed: z.output<typeof SettingsFile>;
        try {
            parsed = SettingsFile.parse(JSON.parse(readFileSync(path, 'utf8')));
        } catch (error) {
            throw new Error(`cannot read the notification recipients in ${path}: ${(error as Error).message}`, { cause: error });
        }
        return new FileNotificationSettingsStore(path, options, parsed.organizations);
    }

    of(mspId: string): OrganizationRecipients | undefined {
        return this.#organizations[mspId];
    }

    recipientsFor(mspId: string, kind: NotificationKind): { emails: EmailRecipient[]; webhooks: StoredWebhook[] } {
        const settings = this.#organizations[mspId];
        return {
            emails: settings?.emails.filter((e) => e.kinds.includes(kind)) ?? [],
            webhooks: settings?.webhooks.filter((w) => w.kinds.includes(kind)) ?? [],
        };
    }

    webhookSecret(mspId: string, url: string): string | undefined {
        return this.#organizations[mspId]?.webhooks.find((w) => w.url === url)?.secret;
    }

    replace(mspId: string, body: NotificationSettingsBody, by: { user: string; at: string }): OrganizationRecipients {
        const input = NotificationSettingsBody.parse(body);
        const webhooks = input.webhooks.map((hook, index) => {
            try {
                parseWebhookUrl(hook.url, this.#options);
            } catch (error) {
                throw error instanceof InvalidWebhookUrlError ? new InvalidNotificationSettingsError(`webhooks.${index}.url: ${error.message}`) : error;
            }
            const secret = hook.secret ?? this.webhookSecret(mspId, hook.url);
            if (!secret) {
                throw new InvalidNotificationSettingsError(`webhooks.${index}.secret: ${hook.url} is a new webhook; give the secret its deliveries are signed with`);
            }
            return { url: hook.url, secret, kinds: hook.kinds };
        });
        const settings: OrganizationRecipients = { emails: input.emails, webhooks, updatedAt: by.at, updatedBy: by.user };
        const organizations = { ...this.#organizations, [mspId]: settings };
        writePrivateFile(this.#path, `${JSON.stringify({ version: 1, organizations }, null, 2)}\n`);
        this.#organizations = organizations;
        return settings;
    }
}
