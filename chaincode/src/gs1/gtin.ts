import { assertCheckDigit, hasValidCheckDigit } from './check-digit';
import { InvalidIdentifierError, quoteInput } from './invalid-identifier-error';

const GTIN_LENGTHS: readonly number[] = [8, 12, 13, 14];

/**
 * Validates a GTIN-8, -12, -13 or -14 and returns it as 14 digits. Ledger keys use the 14-digit
 * form so that the EAN-13 and the GTIN-14 of the same trade item name the same record.
 *
 * @example
 * normalizeGtin('4006381333931'); // '04006381333931'
 * normalizeGtin('12345'); // throws: GTIN "12345" must have 8, 12, 13 or 14 digits
 * normalizeGtin('00000000000000'); // throws: GTIN "00000000000000" is all zeros, which names no trade item
 */
export function normalizeGtin(input: string): string {
    if (!/^\d*$/.test(input)) {
        throw new InvalidIdentifierError(`GTIN ${quoteInput(input)} must contain only digits`);
    }
    if (!GTIN_LENGTHS.includes(input.length)) {
        throw new InvalidIdentifierError(`GTIN ${quoteInput(input)} must have 8, 12, 13 or 14 digits`);
    }
    if (!/[1-9]/.test(input)) {
        // All zeros passes the mod-10 check but names no trade item: GS1 never allocates it.
        throw new InvalidIdentifierError(`GTIN ${quoteInput(input)} is all zeros, which names no trade item`);
    }
    assertCheckDigit('GTIN', input);
    return input.padStart(14, '0');
}

/**
 * Tells whether the input is a GTIN-8/12/13/14 with a valid check digit.
 *
 * @example
 * isGtin('09506000134352'); // true
 * isGtin('09506000134353'); // false
 */
export function isGtin(input: string): boolean {
    return /^\d+$/.test(input) && /[1-9]/.test(input) && GTIN_LENGTHS.includes(input.length) && hasValidCheckDigit(input);
}
