import { InvalidIdentifierError, quoteInput } from './invalid-identifier-error';

/**
 * Computes the GS1 mod-10 check digit of the digits that precede it. Weights run 3, 1, 3, … from the
 * right, so the same function serves GTIN-8/12/13/14 and SSCC, and leading zeros never change the result.
 *
 * @example
 * gs1CheckDigit('0950600013435'); // 2
 */
export function gs1CheckDigit(digitsWithoutCheck: string): number {
    if (!/^\d+$/.test(digitsWithoutCheck)) {
        throw new InvalidIdentifierError(`check digit input ${quoteInput(digitsWithoutCheck)} must be one or more digits`);
    }
    let sum = 0;
    let weight = 3;
    for (let i = digitsWithoutCheck.length - 1; i >= 0; i--) {
        sum += (digitsWithoutCheck.charCodeAt(i) - 48) * weight;
        weight = 4 - weight;
    }
    return (10 - (sum % 10)) % 10;
}

/**
 * Tells whether the last digit is the GS1 check digit of the ones before it. Never throws, so it
 * suits predicates; anything that is not at least two digits is simply not valid.
 *
 * @example
 * hasValidCheckDigit('09506000134352'); // true
 * hasValidCheckDigit('09506000134353'); // false
 */
export function hasValidCheckDigit(digits: string): boolean {
    if (!/^\d{2,}$/.test(digits)) {
        return false;
    }
    return gs1CheckDigit(digits.slice(0, -1)) === Number(digits[digits.length - 1]);
}

/**
 * Throws unless the last digit is the check digit, naming the digit expected so a typo is easy to spot.
 *
 * @example
 * assertCheckDigit('GTIN', '09506000134353'); // throws: GTIN "09506000134353" has check digit 3, expected 2
 */
export function assertCheckDigit(what: string, digits: string): void {
    const expected = gs1CheckDigit(digits.slice(0, -1));
    const actual = Number(digits[digits.length - 1]);
    if (actual !== expected) {
        throw new InvalidIdentifierError(`${what} ${quoteInput(digits)} has check digit ${actual}, expected ${expected}`);
    }
}
