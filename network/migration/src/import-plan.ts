import { IMPORT_KINDS, IMPORT_PAGE_LIMIT, type ImportRecord, importParties, relatedRecord } from '@coldtrace/chaincode/model';
import type { Discrepancy } from './models/source-model';

/** One `migration:import` transaction the migration sends: its place in the plan, who sends it, what it carries. */
export interface PlannedPage {
    index: number;
    org: string;
    /** One kind of record, at least one. */
    records: [ImportRecord, ...ImportRecord[]];
}

/**
 * A record's key as the verification report names it.
 *
 * @example
 * recordLabel({ kind: 'product', ids: ['S1'] }); // 'product S1'
 */
export function recordLabel(record: Pick<ImportRecord, 'kind' | 'ids'>): string {
    return `${record.kind} ${record.ids.join('~')}`;
}

/** A sort key in the ledger's key order within a kind. */
export function recordSortKey(record: Pick<ImportRecord, 'kind' | 'ids'>): string {
    return `${record.kind}\u0000${record.ids.join('\u0000')}`;
}

/**
 * The pages of a migration, the same for the same records on every run (so a resumed run skips the
 * pages its checkpoint counts): records in dependency order of their kinds, then key order; each
 * page of one kind, sent by one organization party to all its records, at most `pageSize` records.
 *
 * @example
 * const { pages, unplaced } = planPages(records, ['ManufacturerMSP', 'RetailerMSP'], 100);
 */
export function planPages(records: readonly ImportRecord[], importers: readonly string[], pageSize: number): { pages: PlannedPage[]; unplaced: Discrepancy[] } {
    const size = Math.max(1, Math.min(pageSize, IMPORT_PAGE_LIMIT));
    const byKey = new Map(records.map((record) => [recordSortKey(record), record]));
    const ordered = [...records].sort((a, b) => {
        const kinds = IMPORT_KINDS.indexOf(a.kind) - IMPORT_KINDS.indexOf(b.kind);
        return kinds !== 0 ? kinds : recordSortKey(a) < recordSortKey(b) ? -1 : recordSortKey(a) > recordSortKey(b) ? 1 : 0;
    });
    const pages: PlannedPage[] = [];
    const unplaced: Discrepancy[] = [];
    for (const record of ordered) {
        const related = relatedRecord(record.kind, record.value);
        const parties = importParties(record.kind, record.value, related && byKey.get(recordSortKey(related))?.value);
        const org = importers.find((importer) => parties.includes(importer));
        if (!org) {
            unplaced.push({
                kind: 'refused',
                key: recordLabel(record),
                detail: `none of the importing organizations (${importers.join(', ')}) is party to it (${parties.join(', ') || 'no party named'})`,
            });
            continue;
        }
        const last = pages[pages.length - 1];
        // One kind per page: a transaction does not see its own writes, so a product's batch must be committed before it.
        if (last && last.org === org && last.records.length < size && last.records[0].kind === record.kind) {
            last.records.push(record);
        } else {
            pages.push({ index: pages.length, org, records: [record] });
        }
    }
    return { pages, unplaced };
}
