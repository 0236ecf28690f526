import { gs1CheckDigit } from './check-digit';
import { normalizeGtin } from './gtin';
import { InvalidIdentifierError, quoteInput } from './invalid-identifier-error';
import { percentDecode } from './percent-encoding';
import { validateSerial } from './serial';

const SGTIN_PREFIX = 'urn:epc:id:sgtin:';

/** What an SGTIN names: a trade item (as GTIN-14) and one serialized instance of it. */
export interface SgtinParts {
    gtin: string;
    serial: string;
}

/**
 * Parses an SGTIN pure-identity EPC URN into GTIN-14 and serial. The URN carries no check digit,
 * so it is computed; the serial is percent-decoded, because EPC URNs escape some of its characters.
 *
 * @example
 * parseSgtinUrn('urn:epc:id:sgtin:0614141.107346.2017'); // { gtin: '10614141073464', serial: '2017' }
 */
export function parseSgtinUrn(urn: string): SgtinParts {
    // RFC 8141 makes "urn" and the namespace case-insensitive; scanners sometimes upper-case them.
    if (urn.slice(0, SGTIN_PREFIX.length).toLowerCase() !== SGTIN_PREFIX) {
        throw new InvalidIdentifierError(`SGTIN URN ${quoteInput(urn)} must start with "${SGTIN_PREFIX}"`);
    }
    const rest = urn.slice(SGTIN_PREFIX.length);
    // Split at the first two dots only: the serial may itself contain dots.
    const firstDot = rest.indexOf('.');
    const secondDot = firstDot < 0 ? -1 : rest.indexOf('.', firstDot + 1);
    if (secondDot < 0) {
        throw new InvalidIdentifierError(`SGTIN URN ${quoteInput(urn)} must have the form ${SGTIN_PREFIX}<company prefix>.<indicator digit and item reference>.<serial>`);
    }
    const companyPrefix = rest.slice(0, firstDot);
    const itemReference = rest.slice(firstDot + 1, secondDot);
    if (!/^\d{6,12}$/.test(companyPrefix)) {
        throw new InvalidIdentifierError(`SGTIN URN ${quoteInput(urn)} has company prefix ${quoteInput(companyPrefix)}, which must be 6 to 12 digits`);
    }
    const itemReferenceLength = 13 - companyPrefix.length;
    if (!/^\d+$/.test(itemReference) || itemReference.length !== itemReferenceLength) {
        throw new InvalidIdentifierError(
            `SGTIN URN ${quoteInput(urn)} has indicator digit and item reference ${quoteInput(itemReference)}, which must be ${itemReferenceLength} digits after a ${companyPrefix.length}-digit company prefix`,
        );
    }
    // The indicator digit leads the GTIN-14 but follows the company prefix in the URN.
    const body = `${itemReference[0]}${companyPrefix}${itemReference.slice(1)}`;
    return {
        gtin: `${body}${gs1CheckDigit(body)}`,
        serial: validateSerial(percentDecode('SGTIN serial', rest.slice(secondDot + 1))),
    };
}

/**
 * Builds the SGTIN pure-identity EPC URN of a GTIN and serial. The company prefix length is needed
 * because a GTIN does not say where its company prefix ends.
 *
 * @example
 * toSgtinUrn('10614141073464', '2017', 7); // 'urn:epc:id:sgtin:0614141.107346.2017'
 * toSgtinUrn('10614141073464', 'A/B', 7); // 'urn:epc:id:sgtin:0614141.107346.A%2FB'
 */
export function toSgtinUrn(gtin14: string, serial: string, companyPrefixLength: number): string {
    const gtin = normalizeGtin(gtin14);
    if (!Number.isInteger(companyPrefixLength) || companyPrefixLength < 6 || companyPrefixLength > 12) {
        throw new InvalidIdentifierError(`company prefix length ${companyPrefixLength} must be a whole number from 6 to 12`);
    }
    const companyPrefix = gtin.slice(1, 1 + companyPrefixLength);
    const itemReference = `${gtin[0]}${gtin.slice(1 + companyPrefixLength, 13)}`;
    return `${SGTIN_PREFIX}${companyPrefix}.${itemReference}.${escapeEpcSerial(validateSerial(serial))}`;
}

/**
 * Escapes the characters that the EPC Tag Data Standard requires escaping in a pure-identity URI.
 * "#" is not in GS1 character set 82 so a valid serial never has it, but it would end the URI, so it
 * is escaped as well in case a caller skips validation.
 */
function escapeEpcSerial(serial: string): string {
    return serial.replace(/["%&/<>?#]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
