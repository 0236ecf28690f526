import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature';

/**
 * One webhook delivery attempt, signed with the time it is made: a retry hours later still passes
 * the receiver's age bound. Throws when the receiver does not answer 2xx within 10 s.
 *
 * @example
 * await postSignedWebhook('https://erp.example.com/hooks/coldtrace', secret, '{"id":"…"}', Date.now);
 */
export async function postSignedWebhook(url: string, secret: string, body: string, now: () => number, options: { gs1Signature?: boolean } = {}): Promise<void> {
    const timestamp = String(Math.floor(now() / 1000));
    const signature = signWebhook(secret, timestamp, body);
    const response = await fetch(url, {
        method: 'POST',
        // EPCIS subscribers look for the signature under the binding's header name.
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature, [TIMESTAMP_HEADER]: timestamp, ...(options.gs1Signature && { 'GS1-Signature': signature }) },
        body,
        signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
        throw new Error(`webhook answered ${response.status}`);
    }
}
