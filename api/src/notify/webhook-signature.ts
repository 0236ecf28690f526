import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names of a signed webhook delivery. */
export const SIGNATURE_HEADER = 'x-coldtrace-signature';
export const TIMESTAMP_HEADER = 'x-coldtrace-timestamp';

/** How far a delivery's timestamp may be from the receiver's clock, either way, by default: 5 minutes. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export interface WebhookVerifyOptions {
    /** Largest difference between the signed timestamp and now, in seconds; default {@link WEBHOOK_TOLERANCE_SECONDS}. */
    toleranceSeconds?: number;
    /** Milliseconds since the epoch; tests inject a clock. */
    now?: () => number;
}

/**
 * `sha256=<hex HMAC-SHA256 over "<timestamp>.<body>">` with the receiver's shared secret; the
 * timestamp is Unix seconds, sent as `x-coldtrace-timestamp`.
 *
 * @example
 * const signature = signWebhook(secret, String(Math.floor(Date.now() / 1000)), body);
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
    return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * True when the signature is the secret's over this timestamp and body, and the timestamp is within
 * the tolerance of now: the timestamp is signed, so a captured delivery replayed later is refused.
 *
 * @example
 * const ok = verifyWebhookSignature(secret, req.headers['x-coldtrace-timestamp'], rawBody, req.headers['x-coldtrace-signature']);
 */
export function verifyWebhookSignature(secret: string, timestamp: string | undefined, body: string, signature: string | undefined, options: WebhookVerifyOptions = {}): boolean {
    if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) {
        return false;
    }
    const toleranceMs = (options.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS) * 1000;
    const nowMs = (options.now ?? Date.now)();
    if (Math.abs(nowMs - Number(timestamp) * 1000) > toleranceMs) {
        return false;
    }
    const expected = Buffer.from(signWebhook(secret, timestamp, body));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
}
