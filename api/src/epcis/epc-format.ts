import { gs1CheckDigit, validateSscc } from '@coldtrace/chaincode/model';

/**
 * How EPCs are written in an answer, as the REST binding's `GS1-EPC-Format` header (or coldtrace's
 * `epcFormat` query parameter) asks: GS1 Digital Link URIs by default, EPC URNs on request.
 */
export const EPC_FORMATS = ['Always_GS1_Digital_Link', 'Always_EPC_URN', 'Never_Translates', 'No_Preference'] as const;
export type EpcFormat = (typeof EPC_FORMATS)[number];

const DL_BASE = 'https://id.gs1.org';

/**
 * coldtrace assumes a 7-digit GS1 company prefix, as the chaincode does when it derives an SSCC from
 * a GTIN: a Digital Link does not carry the prefix length, and an EPC URN needs it.
 */
export const COMPANY_PREFIX_LENGTH = 7;

/** The Digital Link of a serialized trade item (SGTIN). */
export function sgtinUri(gtin: string, serial: string): string {
    return `${DL_BASE}/01/${gtin}/21/${encodeURIComponent(serial)}`;
}

/** The Digital Link of a logistic unit (SSCC). */
export function ssccUri(sscc: string): string {
    return `${DL_BASE}/00/${sscc}`;
}

/** A party by its GLN (AI 417), or coldtrace's URN for a member without one. */
export function partyUri(mspId: string, gln: string | undefined): string {
    return gln ? `${DL_BASE}/417/${gln}` : `urn:coldtrace:org:${mspId}`;
}

/** A member's premises by its GLN (AI 414), or coldtrace's URN for a member without one. */
export function locationUri(mspId: string, gln: string | undefined): string {
    return gln ? `${DL_BASE}/414/${gln}` : `urn:coldtrace:org:${mspId}`;
}

/**
 * The EPC URN of a Digital Link coldtrace writes (SGTIN, SSCC, LGTIN, party and location GLNs), for
 * `Always_EPC_URN`; any other URI is returned as it is.
 *
 * @example
 * toEpcUrn('https://id.gs1.org/01/09506000134352/21/A1'); // 'urn:epc:id:sgtin:9506000.013435.A1'
 * toEpcUrn('https://id.gs1.org/00/095060001234567891');   // 'urn:epc:id:sscc:9506000.0123456789'
 */
export function toEpcUrn(uri: string): string {
    if (!uri.startsWith(`${DL_BASE}/`)) {
        return uri;
    }
    const parts = uri.slice(DL_BASE.length + 1).split('/');
    const cp = COMPANY_PREFIX_LENGTH;
    const [key, primary, qualifier, qualified] = parts;
    if (key === '01' && primary !== undefined && qualified !== undefined && parts.length === 4) {
        const companyPrefix = primary.slice(1, 1 + cp);
        const itemReference = `${primary.slice(0, 1)}${primary.slice(1 + cp, 13)}`;
        // Digital Link and EPC URN escape serials differently; the decoded serial is re-escaped for the URN.
        const value = encodeUrnComponent(decodeURIComponent(qualified));
        return `urn:epc:${qualifier === '21' ? 'id:sgtin' : 'class:lgtin'}:${companyPrefix}.${itemReference}.${value}`;
    }
    if (key === '00' && primary !== undefined && parts.length === 2) {
        return `urn:epc:id:sscc:${primary.slice(1, 1 + cp)}.${primary.slice(0, 1)}${primary.slice(1 + cp, 17)}`;
    }
    if ((key === '417' || key === '414') && primary !== undefined && parts.length === 2) {
        const reference = primary.slice(cp, 12);
        return key === '417' ? `urn:epc:id:pgln:${primary.slice(0, cp)}.${reference}` : `urn:epc:id:sgln:${primary.slice(0, cp)}.${reference}.0`;
    }
    return uri;
}

/**
 * The Digital Link an identifier names, whichever form a client sends it in (Digital Link, EPC URN,
 * bare SSCC), so a query matches events however they are written; undefined when it is none of them.
 *
 * @example
 * normalizeEpc('urn:epc:id:sgtin:9506000.013435.A1'); // 'https://id.gs1.org/01/09506000134352/21/A1'
 */
export function normalizeEpc(input: string): string | undefined {
    if (input.startsWith(`${DL_BASE}/`)) {
        return input;
    }
    const urn = /^urn:epc:(id|class):(sgtin|lgtin|sscc|pgln|sgln):(\d+)\.(\d+)(?:\.(.+))?$/.exec(input);
    if (urn) {
        const [, , scheme, companyPrefix, reference, rest] = urn as unknown as [string, string, string, string, string, string | undefined];
        if (scheme === 'sgtin' || scheme === 'lgtin') {
            if (rest === undefined) {
                return undefined;
            }
            const body = `${reference[0]}${companyPrefix}${reference.slice(1)}`;
            return `${DL_BASE}/01/${body}${checkDigit(body)}/${scheme === 'sgtin' ? '21' : '10'}/${encodeURIComponent(decodeURIComponent(rest))}`;
        }
        if (scheme === 'sscc') {
            const body = `${reference[0]}${companyPrefix}${reference.slice(1)}`;
            return `${DL_BASE}/00/${body}${checkDigit(body)}`;
        }
        const body = `${companyPrefix}${reference}`;
        return `${DL_BASE}/${scheme === 'pgln' ? '417' : '414'}/${body}${checkDigit(body)}`;
    }
    try {
        return ssccUri(validateSscc(input));
    } catch {
        return input.startsWith('urn:coldtrace:') ? input : undefined;
    }
}

/** Rewrites every EPC of an event (lists, parent, parties, locations) into the requested format. */
export function formatEvent<T extends Record<string, unknown>>(event: T, format: EpcFormat): T {
    if (format !== 'Always_EPC_URN') {
        return event;
    }
    return JSON.parse(JSON.stringify(event), (_key, value: unknown) => (typeof value === 'string' ? toEpcUrn(value) : value)) as T;
}

function encodeUrnComponent(value: string): string {
    return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function checkDigit(body: string): string {
    return String(gs1CheckDigit(body));
}
