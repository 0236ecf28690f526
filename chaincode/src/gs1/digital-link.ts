import { assertCset82 } from './cset82';
import { normalizeGtin } from './gtin';
import { InvalidIdentifierError, quoteInput } from './invalid-identifier-error';
import { percentDecode, percentEncodeComponent } from './percent-encoding';
import { validateSerial } from './serial';

/** What a GS1 Digital Link URI for a trade item names. */
export interface DigitalLinkParts {
    gtin: string;
    serial?: string;
    lot?: string;
}

/** GS1 Digital Link fixes the order of GTIN key qualifiers: consumer product variant, lot, serial. */
const QUALIFIER_ORDER: readonly string[] = ['22', '10', '21'];

/** AI (22) and AI (10) are X..20 like the serial. */
const MAX_QUALIFIER_LENGTH = 20;

const HTTP_URI = /^https?:\/\/[^/?#]+([^?#]*)(\?[^#]*)?(#.*)?$/i;

/**
 * Parses a GS1 Digital Link URI naming a GTIN, optionally with lot and serial. Any host and any path
 * prefix before /01/ is accepted, because brands run their own resolvers; the query string (data
 * attributes such as 17=expiry) is ignored. An AI (22) variant is validated but not returned.
 *
 * @example
 * parseDigitalLink('https://id.gs1.org/01/09506000134352/21/ABC123?17=261231');
 * // { gtin: '09506000134352', serial: 'ABC123' }
 * parseDigitalLink('https://example.com/p/01/09506000134352/10/LOT1/21/ABC%2F1');
 * // { gtin: '09506000134352', lot: 'LOT1', serial: 'ABC/1' }
 */
export function parseDigitalLink(uri: string): DigitalLinkParts {
    const match = HTTP_URI.exec(uri);
    if (!match) {
        throw new InvalidIdentifierError(`Digital Link ${quoteInput(uri)} must be an http or https URI`);
    }
    // Web tooling often appends a slash; it carries no meaning here.
    const path = (match[1] ?? '').replace(/\/$/, '');
    const segments = path === '' ? [] : path.slice(1).split('/');
    const start = primaryKeyIndex(segments);
    if (start < 0) {
        const reason = segments.includes('01') ? 'must be followed by pairs of AI and value after /01/' : 'has no /01/ GTIN path segment';
        throw new InvalidIdentifierError(`Digital Link ${quoteInput(uri)} ${reason}`);
    }
    // primaryKeyIndex found /01/ followed by pairs, so every index below start + 1 + 2k is a segment.
    const segment = (i: number): string => segments[i] ?? '';
    const parts: DigitalLinkParts = { gtin: normalizeGtin(segment(start + 1)) };
    let lastQualifier = -1;
    for (let i = start + 2; i < segments.length; i += 2) {
        const ai = segment(i);
        const order = QUALIFIER_ORDER.indexOf(ai);
        if (order < 0) {
            throw new InvalidIdentifierError(`Digital Link ${quoteInput(uri)} has path AI ${quoteInput(ai)}, which is not a GTIN qualifier (22, 10 or 21)`);
        }
        if (order <= lastQualifier) {
            throw new InvalidIdentifierError(`Digital Link ${quoteInput(uri)} has AI ${ai} out of order; GTIN qualifiers must come once each, in the order 22, 10, 21`);
        }
        lastQualifier = order;
        const value = percentDecode(`AI (${ai}) value`, segment(i + 1));
        if (ai === '21') {
            parts.serial = validateSerial(value);
        } else {
            assertCset82(ai === '10' ? 'lot' : 'consumer product variant', value, MAX_QUALIFIER_LENGTH);
            if (ai === '10') {
                parts.lot = value;
            }
        }
    }
    return parts;
}

/**
 * Builds the GS1 Digital Link URI of a serialized trade item. The serial is percent-encoded so that
 * "/" and other reserved characters stay inside their path segment.
 *
 * @example
 * toDigitalLink('09506000134352', 'ABC/1'); // 'https://id.gs1.org/01/09506000134352/21/ABC%2F1'
 * toDigitalLink('4006381333931', 'X1', 'https://example.com/dl/'); // 'https://example.com/dl/01/04006381333931/21/X1'
 */
export function toDigitalLink(gtin14: string, serial: string, base = 'https://id.gs1.org'): string {
    const match = HTTP_URI.exec(base);
    if (!match || match[2] !== undefined || match[3] !== undefined) {
        throw new InvalidIdentifierError(`Digital Link base ${quoteInput(base)} must be an http or https URI without query or fragment`);
    }
    const gtin = normalizeGtin(gtin14);
    const encodedSerial = percentEncodeComponent(validateSerial(serial));
    return `${base.replace(/\/+$/, '')}/01/${gtin}/21/${encodedSerial}`;
}

/**
 * Finds the "01" segment that starts the Digital Link path proper. Everything after it comes in
 * AI/value pairs, so it is the last "01" an even number of segments from the end; a value that
 * happens to be "01" sits an odd number away, and a path prefix can contain "01" too.
 */
function primaryKeyIndex(segments: readonly string[]): number {
    for (let i = segments.length - 2; i >= 0; i -= 2) {
        if (segments[i] === '01') {
            return i;
        }
    }
    return -1;
}
