import { BadBookmarkError } from '../errors/bad-bookmark-error';

/**
 * A bookmark that carries a few JSON values of the chaincode's own paging, opaque to clients.
 * base64url has neither a colon nor U+0000, so it never reads as a ledger bookmark (a composite
 * key) or as a prefixed one such as `numbered:`.
 *
 * @example
 * const text = encodeTupleBookmark([['Org1MSP'], 'k']);
 * decodeTupleBookmark(text); // [['Org1MSP'], 'k']
 */
export function encodeTupleBookmark(values: readonly unknown[]): string {
    return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** The values of a bookmark {@link encodeTupleBookmark} made; anything else is a {@link BadBookmarkError}. */
export function decodeTupleBookmark(text: string): unknown[] {
    try {
        const values: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
        if (Array.isArray(values)) {
            return values;
        }
    } catch {
        // not JSON: an old bookmark or none of ours
    }
    throw new BadBookmarkError();
}
