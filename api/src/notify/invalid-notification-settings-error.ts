/** Recipient settings coldtrace will not keep: a webhook it may not post to, or a new one without a secret. */
export class InvalidNotificationSettingsError extends Error {
    override name = 'InvalidNotificationSettingsError';
}
