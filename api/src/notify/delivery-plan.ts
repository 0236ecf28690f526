import type { NotificationLanguage } from '../contract/notification-payloads';
import type { Notification } from './notification';
import type { NewDelivery } from './notification-outbox';
import type { NotificationSettingsStore } from './notification-settings-store';
import { mailText, webhookBody } from './notification-text';

/**
 * The node's own recipients (COLDTRACE_MAIL_TO, COLDTRACE_WEBHOOK_URL), from before organizations
 * chose theirs: they receive what a party organization set no recipient for.
 */
export interface NodeRecipients {
    emails: { address: string; language: NotificationLanguage }[];
    webhook?: { url: string; secret: string };
}

/**
 * One delivery per recipient of each organization the notification names, mails in the recipient's
 * language; an organization without a recipient for the kind falls back to the node's recipients.
 * A recipient two organizations list gets one delivery (the outbox key is per notification and recipient).
 *
 * @example
 * deliveriesFor(notification, settings, { emails: [] }).map((d) => d.target); // ['qa@pharmacy.example', 'https://erp…']
 */
export function deliveriesFor(notification: Notification, settings: NotificationSettingsStore, node: NodeRecipients): NewDelivery[] {
    const deliveries = new Map<string, NewDelivery>();
    const add = (org: string, channel: NewDelivery['channel'], target: string, language: NotificationLanguage) => {
        const key = `${channel}|${channel === 'email' ? target.toLowerCase() : target}`;
        if (deliveries.has(key)) {
            return;
        }
        const mail = mailText(notification, language);
        deliveries.set(key, {
            org,
            notificationId: notification.id,
            eventType: notification.eventType,
            kind: notification.kind,
            channel,
            target,
            language,
            subject: mail.subject,
            body: channel === 'email' ? mail.text : webhookBody(notification),
        });
    };
    let someoneWithout = false;
    for (const org of notification.organizations) {
        const own = settings.recipientsFor(org, notification.kind);
        own.emails.forEach((email) => add(org, 'email', email.address, email.language));
        own.webhooks.forEach((hook) => add(org, 'webhook', hook.url, 'en'));
        someoneWithout ||= own.emails.length + own.webhooks.length === 0;
    }
    if (someoneWithout) {
        node.emails.forEach((email) => add('', 'email', email.address, email.language));
        if (node.webhook) {
            add('', 'webhook', node.webhook.url, 'en');
        }
    }
    return [...deliveries.values()];
}
