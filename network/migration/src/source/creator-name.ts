import { X509Certificate } from 'node:crypto';

/**
 * The common name of a creator's PEM certificate: the user a source step names.
 *
 * @example
 * creatorName(pem); // 'User1@manufacturer.coldtrace.local'
 */
export function creatorName(pem: string): string {
    try {
        const subject = new X509Certificate(pem).subject;
        return /(?:^|\n)CN=([^\n]*)/.exec(subject)?.[1] ?? subject;
    } catch {
        return 'unknown';
    }
}
