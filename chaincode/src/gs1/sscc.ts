import { assertCheckDigit, gs1CheckDigit } from './check-digit';
import { InvalidIdentifierError, quoteInput } from './invalid-identifier-error';

/** How labels print the SSCC in human-readable form; scanners and clients often keep it. */
const AI_PREFIX = '(00)';

/**
 * Validates an SSCC-18 and returns its 18 digits. The "(00)" application identifier of the
 * human-readable label text is accepted and dropped, so a scanned label and a typed key match.
 *
 * @example
 * validateSscc('(00)106141411234567897'); // '106141411234567897'
 * validateSscc('106141411234567890'); // throws: SSCC "106141411234567890" has check digit 0, expected 7
 * validateSscc('000000000000000000'); // throws: SSCC "000000000000000000" is all zeros, which names no logistic unit
 */
export function validateSscc(input: string): string {
    const digits = input.startsWith(AI_PREFIX) ? input.slice(AI_PREFIX.length) : input;
    if (!/^\d{18}$/.test(digits)) {
        throw new InvalidIdentifierError(`SSCC ${quoteInput(input)} must be 18 digits, optionally preceded by "(00)"`);
    }
    if (!/[1-9]/.test(digits)) {
        // Like a GTIN of zeros: it passes the check digit but no GS1 company prefix allocates it.
        throw new InvalidIdentifierError(`SSCC ${quoteInput(input)} is all zeros, which names no logistic unit`);
    }
    assertCheckDigit('SSCC', digits);
    return digits;
}

/**
 * Builds an SSCC-18 from its parts: extension digit, GS1 company prefix, and serial reference. The
 * serial reference is left-padded with zeros to fill the 16 digits after the extension digit, so
 * callers can count from 1 without knowing how long the company prefix is.
 *
 * @example
 * makeSscc(1, '0614141', '123456789'); // '106141411234567897'
 * makeSscc(0, '0614141', '42'); // '006141410000000425'
 */
export function makeSscc(extensionDigit: number, companyPrefix: string, serialReference: string): string {
    if (!Number.isInteger(extensionDigit) || extensionDigit < 0 || extensionDigit > 9) {
        throw new InvalidIdentifierError(`SSCC extension digit ${extensionDigit} must be a whole number from 0 to 9`);
    }
    if (!/^\d{6,12}$/.test(companyPrefix)) {
        throw new InvalidIdentifierError(`GS1 company prefix ${quoteInput(companyPrefix)} must be 6 to 12 digits`);
    }
    const serialLength = 16 - companyPrefix.length;
    if (!/^\d+$/.test(serialReference) || serialReference.length > serialLength) {
        throw new InvalidIdentifierError(
            `SSCC serial reference ${quoteInput(serialReference)} must be 1 to ${serialLength} digits with a ${companyPrefix.length}-digit company prefix`,
        );
    }
    const body = `${extensionDigit}${companyPrefix}${serialReference.padStart(serialLength, '0')}`;
    return `${body}${gs1CheckDigit(body)}`;
}
