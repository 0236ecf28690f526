import { InvalidIdentifierError, quoteInput } from './invalid-identifier-error';

/** GS1 AI encodable character set 82, the alphabet of serials, lots and other alphanumeric AIs. */
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]$/;

/**
 * Throws unless the value is 1 to `maxLength` characters of GS1 character set 82. The first bad
 * character is named, with its code point, because blanks and look-alike letters are invisible in a message.
 *
 * @example
 * assertCset82('serial', 'AB C', 20); // throws: serial "AB C" contains " " (U+0020) at position 3, which is not in GS1 character set 82
 */
export function assertCset82(what: string, value: string, maxLength: number): void {
    if (value.length === 0) {
        throw new InvalidIdentifierError(`${what} must not be empty`);
    }
    let position = 0;
    // for…of walks code points, so a character outside the BMP is reported whole, not as half a surrogate pair.
    for (const char of value) {
        position++;
        if (!CSET82.test(char)) {
            const codePoint = char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
            throw new InvalidIdentifierError(
                `${what} ${quoteInput(value)} contains ${JSON.stringify(char)} (U+${codePoint}) at position ${position}, which is not in GS1 character set 82`,
            );
        }
    }
    if (value.length > maxLength) {
        throw new InvalidIdentifierError(`${what} ${quoteInput(value)} has ${value.length} characters, at most ${maxLength} are allowed`);
    }
}
