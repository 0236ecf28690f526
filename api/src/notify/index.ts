/** Notifications per organization: recipients, durable outbox, mail and signed webhooks. */
export { deliveriesFor, type NodeRecipients } from './delivery-plan';
export { InvalidNotificationSettingsError } from './invalid-notification-settings-error';
export { InvalidWebhookUrlError } from './invalid-webhook-url-error';
export { NOTIFIED_EVENTS, type NotifiedEvent } from './notified-events';
export { notificationOf, type Notification } from './notification';
export { type NotificationOutbox, openNotificationOutbox, type DueDelivery, type NewDelivery } from './notification-outbox';
export {
    DEFAULT_RETRY,
    newNotificationSender,
    type NotificationSender,
    type NotificationSenderOptions,
    type DeliveryFailure,
    type RetryPolicy,
    type SenderTimers,
} from './notification-sender';
export { type NotificationLog, type NotificationService, openNotificationService, type NotificationServiceOptions } from './notification-service';
export { type NotificationSettingsStore, openNotificationSettingsStore, type OrganizationRecipients, type StoredWebhook } from './notification-settings-store';
export { mailText, webhookBody } from './notification-text';
export { smtpMailer, type Mailer, type OutgoingMail } from './smtp-mailer';
export { signWebhook, verifyWebhookSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER, WEBHOOK_TOLERANCE_SECONDS, type WebhookVerifyOptions } from './webhook-signature';
export { parseWebhookUrl } from './webhook-url';
