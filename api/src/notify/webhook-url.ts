import { isIP } from 'node:net';
import { InvalidWebhookUrlError } from './invalid-webhook-url-error';

/**
 * Checks where a webhook may be posted: an https URL, or — in development only — plain http to this
 * machine (localhost, 127.0.0.0/8, ::1), where no network sees the signed payload. Throws
 * {@link InvalidWebhookUrlError} saying why not.
 *
 * @example
 * parseWebhookUrl('https://erp.example.com/hooks/coldtrace', { allowLoopbackHttp: false }); // URL
 * parseWebhookUrl('file:///etc/passwd', { allowLoopbackHttp: true });                        // throws
 */
export function parseWebhookUrl(raw: string, options: { allowLoopbackHttp: boolean }): URL {
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        throw new InvalidWebhookUrlError(`${JSON.stringify(raw)} is not a URL; give one such as https://erp.example.com/hooks/coldtrace`);
    }
    if (url.protocol === 'https:') {
        return url;
    }
    if (url.protocol === 'http:' && isLoopback(url.hostname)) {
        if (options.allowLoopbackHttp) {
            return url;
        }
        throw new InvalidWebhookUrlError(`${url.origin} is plain http; production posts webhooks over https only`);
    }
    if (url.protocol === 'http:') {
        throw new InvalidWebhookUrlError(`${url.origin} is plain http to another machine; use https (plain http only reaches localhost, in development)`);
    }
    throw new InvalidWebhookUrlError(`webhooks are posted over https, not ${url.protocol}//`);
}

function isLoopback(hostname: string): boolean {
    const host = hostname.replace(/^\[|\]$/g, '');
    if (host === 'localhost') {
        return true;
    }
    if (isIP(host) === 4) {
        return host.startsWith('127.');
    }
    return isIP(host) === 6 && host === '::1';
}
