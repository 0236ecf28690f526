/** Notifications per organization: recipients, durable outbox, mail and signed webhooks. */
export { deliveriesFor, type NodeRecipients } from './delivery-plan';
export { InvalidNotificationSettingsError } from './invalid-notification-settings-error';
export { InvalidWebhookUrlError } from './invalid-webhook-url-error';
export { NOTIFIED_EVENTS, type NotifiedEvent } from './notified-events';
export { notificationOf, type Notification } from './notification';
export { NotificationOutbox, type DueDelivery, type NewDelivery } from './notification-outbox';
export { DEFAULT_RETRY, NotificationSender, type DeliveryFailure, type RetryPolicy, type SenderTimers } from './notification-sender';
export { NotificationService, type NotificationServiceOptions } from './notification-service';
export { NotificationSettingsStore, type OrganizationRecipients } from './notification-settings-store';
export { mailText, webhookBody } from './notification-text';
export { smtpMailer, type Mailer, type OutgoingMail } from './smtp-mailer';
export { signWebhook, verifyWebhookSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER, WEBHOOK_TOLERANCE_SECONDS, type WebhookVerifyOptions } from './webhook-signature';
export { parseWebhookUrl } from './webhook-url';
