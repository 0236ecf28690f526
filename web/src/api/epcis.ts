import type { HISTORY_KINDS } from '@coldtrace/api/contract';
import type { Trace } from '@coldtrace/chaincode/model';

/** Where the EPCIS query interface is served, beside the REST API. */
export const EPCIS_BASE = '/epcis';

/** Pages followed at most for one download (1000 events each). */
const MAX_PAGES = 50;

type QueryDocument = { epcisBody: { queryResults: { resultsBody: { eventList: unknown[] } } } } & Record<string, unknown>;

const digitalLink = (gtin: string, serial: string) => `https://id.gs1.org/01/${gtin}/21/${encodeURIComponent(serial)}`;
const ssccLink = (sscc: string) => `https://id.gs1.org/00/${sscc}`;

/**
 * The EPCIS query of a product's events: those naming the unit or the handling unit it travelled in
 * (packing, shipping, receiving, sensor reports are about the unit's SSCC).
 *
 * @example
 * epcisQueryOfTrace(trace); // 'MATCH_anyEPC=https%3A%2F%2Fid.gs1.org%2F01%2F…%7C…'
 */
export function epcisQueryOfTrace(trace: Pick<Trace, 'product' | 'handlingUnit'>): string {
    const epcs = [digitalLink(trace.product.gtin, trace.product.serial), ...(trace.handlingUnit ? [ssccLink(trace.handlingUnit.sscc)] : [])];
    return new URLSearchParams({ MATCH_anyEPC: epcs.join('|') }).toString();
}

/**
 * The EPCIS query of the goods a record of the auditor's history names (a product, a handling unit,
 * a shipment's units), from its latest version; undefined for records that name no goods.
 *
 * @example
 * epcisQueryOfRecord('handlingUnit', { sscc: '095060001234567891' }); // 'MATCH_anyEPC=…'
 */
export function epcisQueryOfRecord(kind: (typeof HISTORY_KINDS)[number], value: unknown): string | undefined {
    const record = (value ?? {}) as { gtin?: string; serial?: string; sscc?: string; handlingUnit?: string; handlingUnits?: string[] };
    const epcs =
        kind === 'product' && record.gtin && record.serial
            ? [digitalLink(record.gtin, record.serial), ...(record.handlingUnit ? [ssccLink(record.handlingUnit)] : [])]
            : kind === 'handlingUnit' && record.sscc
              ? [ssccLink(record.sscc)]
              : kind === 'shipment' && record.handlingUnits?.length
                ? record.handlingUnits.map(ssccLink)
                : [];
    return epcs.length ? new URLSearchParams({ MATCH_anyEPC: epcs.join('|') }).toString() : undefined;
}

/**
 * Every event of a query as one EPCISQueryDocument: the pages the server links (`Link: rel="next"`)
 * are followed and their events joined under the first page's header.
 *
 * @example
 * const document = await fetchEpcisDocument(token, epcisQueryOfTrace(trace));
 */
export async function fetchEpcisDocument(token: string, query: string, fetcher: typeof fetch = fetch): Promise<QueryDocument> {
    let next: string | undefined = `${EPCIS_BASE}/events?${query}&perPage=1000`;
    let document: QueryDocument | undefined;
    for (let page = 0; next && page < MAX_PAGES; page += 1) {
        const response: Response = await fetcher(next, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
        const body = (await response.json()) as QueryDocument & { detail?: string };
        if (!response.ok) {
            throw new Error(body.detail ?? `EPCIS query failed (${response.status})`);
        }
        if (document) {
            document.epcisBody.queryResults.resultsBody.eventList.push(...body.epcisBody.queryResults.resultsBody.eventList);
        } else {
            document = body;
        }
        next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    }
    return document!;
}

/** Offers a document to the browser as a `.jsonld` file. */
export function saveJson(document: unknown, fileName: string): void {
    const url = URL.createObjectURL(new Blob([JSON.stringify(document, null, 2)], { type: 'application/ld+json' }));
    const link = Object.assign(window.document.createElement('a'), { href: url, download: fileName });
    link.click();
    URL.revokeObjectURL(url);
}
