/** A webhook address coldtrace will not post to: not a URL, not https, or plain http beyond this machine. */
export class InvalidWebhookUrlError extends Error {
    override name = 'InvalidWebhookUrlError';
}
