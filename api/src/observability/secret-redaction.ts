/** What a redacted secret reads as in a log line. */
export const REDACTED = '[redacted]';

/** Names under which a secret travels: as a query parameter or as a JSON property. */
const SECRET_NAMES = 'access_token|id_token|refresh_token|token|password|passwd|secret|api_key|apikey|authorization|cookie|set-cookie';

const RULES: readonly [RegExp, string][] = [
    // A compact JWT wherever it stands (the header of every JWT is base64url of `{"`).
    [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED],
    // `?access_token=…` and friends in a url, originalUrl or any other string holding a query.
    [new RegExp(`([?&;](?:${SECRET_NAMES})=)[^&#;\\s"\\\\]*`, 'gi'), `$1${REDACTED}`],
    // `"access_token":"…"`, `"password":"…"` in any object, however deep (req.query among them).
    [new RegExp(`("(?:${SECRET_NAMES})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), `$1"${REDACTED}"`],
    // A bearer credential quoted in a message.
    [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${REDACTED}`],
];

/**
 * Blanks out tokens, passwords and other credentials in a serialized log line, whichever field holds
 * them: the last line of defence after pino's own path-based redaction, for what nobody listed.
 *
 * @example
 * redactSecrets('{"url":"/api/v1/events?access_token=eyJh…"}'); // '{"url":"/api/v1/events?access_token=[redacted]"}'
 */
export function redactSecrets(line: string): string {
    return RULES.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), line);
}
