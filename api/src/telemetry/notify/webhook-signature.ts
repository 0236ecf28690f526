import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names of a signed webhook delivery. */
export const SIGNATURE_HEADER = 'x-coldtrace-signature';
export const TIMESTAMP_HEADER = 'x-coldtrace-timestamp';

/**
 * `sha256=<hex HMAC-SHA256 over "<timestamp>.<body>">` with the receiver's shared secret. The
 * timestamp is signed too, so a receiver can refuse replays older than a few minutes.
 *
 * @example
 * const ok = verifyWebhookSignature(secret, req.headers['x-coldtrace-timestamp'], rawBody, req.headers['x-coldtrace-signature']);
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
    return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function verifyWebhookSignature(secret: string, timestamp: string | undefined, body: string, signature: string | undefined): boolean {
    if (!timestamp || !signature) {
        return false;
    }
    const expected = Buffer.from(signWebhook(secret, timestamp, body));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
}
