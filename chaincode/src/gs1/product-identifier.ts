import { parseDigitalLink } from './digital-link';
import { InvalidIdentifierError, quoteInput } from './invalid-identifier-error';
import { validateSerial } from './serial';
import { parseSgtinUrn } from './sgtin';

/** The serial a client referred to, and the GTIN when the form of reference carried one. */
export interface SerialReference {
    serial: string;
    gtin?: string;
}

/**
 * Reads the serial out of whatever a client used to name a product: a bare serial, an SGTIN EPC URN
 * (from an RFID read), or a GS1 Digital Link URI (from a QR code). Surrounding whitespace is dropped
 * because scanners and copy-paste add it; inside the reference it stays an error.
 *
 * @example
 * parseSerialReference('ABC123'); // { serial: 'ABC123' }
 * parseSerialReference('urn:epc:id:sgtin:0614141.107346.2017'); // { serial: '2017', gtin: '10614141073464' }
 * parseSerialReference('https://id.gs1.org/01/09506000134352/21/ABC123'); // { serial: 'ABC123', gtin: '09506000134352' }
 */
export function parseSerialReference(input: string): SerialReference {
    const reference = input.trim();
    if (/^urn:epc:id:sgtin:/i.test(reference)) {
        const { gtin, serial } = parseSgtinUrn(reference);
        return { serial, gtin };
    }
    // Other EPC URNs (SSCC, SGLN, …) would pass as a bare serial only if short; name the real mistake instead.
    if (/^urn:epc:/i.test(reference)) {
        throw new InvalidIdentifierError(`reference ${quoteInput(reference)} is an EPC URN but not an SGTIN; only an SGTIN names a product serial`);
    }
    if (/^https?:/i.test(reference)) {
        const { gtin, serial } = parseDigitalLink(reference);
        if (serial === undefined) {
            throw new InvalidIdentifierError(`Digital Link ${quoteInput(reference)} has no /21/ serial`);
        }
        return { serial, gtin };
    }
    return { serial: validateSerial(reference) };
}

/**
 * Whether a reference names this product: the serial, and the GTIN too when the reference carries
 * one. A label that copies a genuine serial under another GTIN names no product at all.
 *
 * @example
 * referencesProduct({ serial: 'ABC123', gtin: '04006381333931' }, { serial: 'ABC123', gtin: '09506000134352' }); // false
 * referencesProduct({ serial: 'ABC123' }, { serial: 'ABC123', gtin: '09506000134352' }); // true
 */
export function referencesProduct(reference: SerialReference, product: { serial: string; gtin: string }): boolean {
    return reference.serial === product.serial && (reference.gtin === undefined || reference.gtin === product.gtin);
}
