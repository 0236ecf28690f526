import { InvalidIdentifierError, quoteInput } from './invalid-identifier-error';

/**
 * Decodes %XX escapes in a URI component. A malformed escape is reported as an identifier error,
 * not as the URIError decodeURIComponent throws, so callers see one kind of rejection.
 *
 * @example
 * percentDecode('serial', 'ABC%2F1'); // 'ABC/1'
 */
export function percentDecode(what: string, encoded: string): string {
    try {
        return decodeURIComponent(encoded);
    } catch {
        throw new InvalidIdentifierError(`${what} ${quoteInput(encoded)} has a malformed percent-encoding`);
    }
}

/**
 * Percent-encodes every character that is not RFC 3986 unreserved. That is stricter than a path
 * segment needs, but it gives each value exactly one encoded form, and GS1 Digital Link resolvers
 * decode all of them.
 *
 * @example
 * percentEncodeComponent('AB/C(1)'); // 'AB%2FC%281%29'
 */
export function percentEncodeComponent(value: string): string {
    // encodeURIComponent leaves !'()* alone, which RFC 3986 counts as reserved.
    return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
