import { gs1CheckDigit } from '@coldtrace/chaincode/model';

const CANONICAL_HOST = 'https://id.gs1.org';

/** `digits` with its GS1 check digit appended. */
const withCheck = (digits: string): string => `${digits}${gs1CheckDigit(digits)}`;

/** Indicator digit moved to the front of company prefix + reference, as TDS builds GTINs, SSCCs and ITIPs. */
const leadingIndicator = (companyPrefix: string, indicatorAndReference: string): string => `${indicatorAndReference.slice(0, 1)}${companyPrefix}${indicatorAndReference.slice(1)}`;

/**
 * EPC URI schemes (GS1 Tag Data Standard) and the canonical Digital Link path each maps to. A part
 * `*` (an EPC pattern's wildcard) ends the path at the class level.
 */
/** The dot-separated parts of an EPC URI body: every scheme starts with a company prefix and a reference. */
type EpcParts = [companyPrefix: string, reference: string, ...rest: string[]];

const EPC_SCHEMES: Record<string, (parts: EpcParts) => string | undefined> = {
    sgtin: ([cp, ref, serial]) => `/01/${withCheck(leadingIndicator(cp, ref))}${serial && serial !== '*' ? `/21/${serial}` : ''}`,
    lgtin: ([cp, ref, lot]) => `/01/${withCheck(leadingIndicator(cp, ref))}/10/${lot}`,
    upui: ([cp, ref, tpx]) => `/01/${withCheck(leadingIndicator(cp, ref))}/235/${tpx}`,
    sscc: ([cp, ref]) => `/00/${withCheck(leadingIndicator(cp, ref))}`,
    sgln: ([cp, loc, ext]) => `/414/${withCheck(`${cp}${loc}`)}${ext && ext !== '0' && ext !== '*' ? `/254/${ext}` : ''}`,
    pgln: ([cp, party]) => `/417/${withCheck(`${cp}${party}`)}`,
    grai: ([cp, type, serial]) => `/8003/${withCheck(`0${cp}${type}`)}${serial && serial !== '*' ? serial : ''}`,
    giai: ([cp, ref]) => `/8004/${cp}${ref}`,
    gsrn: ([cp, ref]) => `/8018/${withCheck(`${cp}${ref}`)}`,
    gsrnp: ([cp, ref]) => `/8017/${withCheck(`${cp}${ref}`)}`,
    gdti: ([cp, type, serial]) => `/253/${withCheck(`${cp}${type}`)}${serial && serial !== '*' ? serial : ''}`,
    sgcn: ([cp, ref, serial]) => `/255/${withCheck(`${cp}${ref}`)}${serial && serial !== '*' ? serial : ''}`,
    cpi: ([cp, ref, serial]) => `/8010/${cp}${ref}${serial && serial !== '*' ? `/8011/${serial}` : ''}`,
    ginc: ([cp, ref]) => `/401/${cp}${ref}`,
    gsin: ([cp, ref]) => `/402/${withCheck(`${cp}${ref}`)}`,
    itip: ([cp, ref, piece, total, serial]) => `/8006/${withCheck(leadingIndicator(cp, ref))}${piece}${total}${serial && serial !== '*' ? `/21/${serial}` : ''}`,
};

function isEpcParts(parts: string[]): parts is EpcParts {
    return parts.length >= 2;
}

/** Primary keys and the qualifiers kept with each: the finest granularity the event hash keeps. */
const KEPT_QUALIFIERS: Record<string, readonly string[]> = {
    '00': [],
    '01': ['21', '235', '10'],
    '253': [],
    '255': [],
    '401': [],
    '402': [],
    '414': ['254'],
    '417': [],
    '8003': [],
    '8004': [],
    '8006': ['21', '10'],
    '8010': ['8011'],
    '8017': [],
    '8018': [],
};
/** Keys whose value is a fixed-length number, left-padded in canonical form. */
const PADDED: Record<string, number> = { '01': 14, '8006': 18 };

/**
 * The constrained canonical GS1 Digital Link URI of an identifier, as the CBV 2.0 event hash
 * algorithm compares them: EPC URIs (`urn:epc:id:…`, `urn:epc:class:…`, `urn:epc:idpat:…`) are
 * converted; Digital Link URIs are moved to id.gs1.org, lose their query string and keep only the
 * finest key qualifier (serial before TPX before lot). Anything else answers undefined.
 *
 * @example
 * canonicalDigitalLink('urn:epc:id:sgtin:0614141.107346.2017'); // 'https://id.gs1.org/01/10614141073464/21/2017'
 * canonicalDigitalLink('https://example.com/01/9506000134352/10/L1/21/S1?x=1'); // 'https://id.gs1.org/01/09506000134352/21/S1'
 */
export function canonicalDigitalLink(value: string): string | undefined {
    const epc = /^urn:epc:(?:id|class|idpat):([a-z]+):(.+)$/.exec(value);
    if (epc) {
        const [, scheme = '', body = ''] = epc;
        const parts = body.split('.');
        // A missing later part reads "undefined" in the path, which refuses it.
        const path = isEpcParts(parts) ? EPC_SCHEMES[scheme]?.(parts) : undefined;
        return path && !path.includes('undefined') ? `${CANONICAL_HOST}${path}` : undefined;
    }
    if (!/^https?:\/\//.test(value)) {
        return undefined;
    }
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return undefined;
    }
    const segments = url.pathname.split('/').filter(Boolean);
    const start = segments.findIndex((segment, i) => segment in KEPT_QUALIFIERS && i + 1 < segments.length);
    if (start < 0) {
        return undefined;
    }
    const [key, primary, ...rest] = segments.slice(start);
    const kept = key === undefined ? undefined : KEPT_QUALIFIERS[key];
    // findIndex found a kept key followed by its value.
    if (key === undefined || primary === undefined || kept === undefined) {
        return undefined;
    }
    const pairs = new Map<string, string>();
    for (let i = 0; i + 1 < rest.length; i += 2) {
        // i + 1 < rest.length: both indexes are in range.
        pairs.set(rest[i]!, rest[i + 1]!);
    }
    const width = PADDED[key];
    const value0 = width ? primary.padStart(width, '0') : primary;
    const qualifier = kept.find((ai) => pairs.has(ai));
    return `${CANONICAL_HOST}/${key}/${value0}${qualifier ? `/${qualifier}/${pairs.get(qualifier)}` : ''}`;
}
