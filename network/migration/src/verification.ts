import { sha256Hex } from '@coldtrace/chaincode/sha256';
import { canonicalJson, type ImportedEntry, type ImportRecord, type Page } from '@coldtrace/chaincode/model';
import { recordLabel, recordSortKey } from './import-plan';
import type { Discrepancy } from './models/source-model';
import type { MigrationTarget } from './target/migration-target';

/** A migrated record as both sides are digested: key, value, provenance and key history. */
interface DigestEntry {
    kind: string;
    ids: string[];
    value: unknown;
    provenance: unknown;
    history: unknown;
}

/** The verification half of the report: counts per kind, both digests, every discrepancy. */
export interface Verification {
    /** Per record kind: records the source has to migrate, and imported records the target holds. */
    counts: Record<string, { source: number; target: number }>;
    /** SHA-256 over the canonical JSON of the source's records in key order. */
    sourceDigest: string;
    /** The same over what the target holds for them. */
    targetDigest: string;
    discrepancies: Discrepancy[];
}

/**
 * SHA-256 over the canonical JSON array of the entries in key order: equal on both sides exactly
 * when every record, its provenance and its key history arrived unchanged and nothing else did.
 *
 * @example
 * migrationDigest([{ kind: 'batch', ids: ['B1'], value, provenance, history }]); // '5f1c…'
 */
export function migrationDigest(entries: readonly DigestEntry[]): string {
    const sorted = [...entries].sort((a, b) => (recordSortKey(a as ImportRecord) < recordSortKey(b as ImportRecord) ? -1 : 1));
    return sha256Hex(canonicalJson(sorted));
}

/** Every record imported from the source network that the importing organizations may read on the target. */
export async function readImported(target: MigrationTarget, sourceNetwork: string, orgs: readonly string[]): Promise<Map<string, ImportedEntry>> {
    const found = new Map<string, ImportedEntry>();
    for (const org of orgs) {
        const identity = await target.identity(org);
        let bookmark = '';
        do {
            const bytes = await target.ledger.evaluate(identity, 'migration:records', [JSON.stringify({ sourceNetwork, pageSize: READ_PAGE, bookmark })]);
            const page = JSON.parse(Buffer.from(bytes).toString('utf8')) as Page<ImportedEntry>;
            for (const entry of page.items) {
                found.set(recordSortKey(entry), entry);
            }
            // A short page is the last one (Fabric hands a bookmark back even then).
            bookmark = page.count >= READ_PAGE ? page.bookmark : '';
        } while (bookmark);
    }
    return found;
}

const READ_PAGE = 500;

const sha = (value: unknown) => sha256Hex(canonicalJson(value));

/**
 * Compares the source's records with what the target holds for them, read back through the target's
 * chaincode, and names every difference: a key missing on the target (never imported, or gone since),
 * a value or provenance that differs (tampered), an import the source does not have (extra).
 *
 * @example
 * const verification = await verifyMigration(records, target, 'amb-prod', ['ManufacturerMSP'], refused);
 */
export async function verifyMigration(
    records: readonly ImportRecord[],
    target: MigrationTarget,
    sourceNetwork: string,
    orgs: readonly string[],
    refused: readonly Discrepancy[],
): Promise<Verification> {
    const imported = await readImported(target, sourceNetwork, orgs);
    const refusedKeys = new Set(refused.map((discrepancy) => discrepancy.key));
    const counts: Verification['counts'] = {};
    const discrepancies: Discrepancy[] = [];
    const sourceEntries: DigestEntry[] = [];
    const targetEntries: DigestEntry[] = [];
    for (const record of records) {
        const { kind, ids, value, provenance, history } = record;
        sourceEntries.push({ kind, ids, value, provenance, history });
        (counts[kind] ??= { source: 0, target: 0 }).source += 1;
        const key = recordSortKey(record);
        const entry = imported.get(key);
        imported.delete(key);
        const label = recordLabel(record);
        if (!entry) {
            if (!refusedKeys.has(label)) {
                discrepancies.push({ kind: 'missing key', key: label, detail: 'the target holds no import of it' });
            }
            continue;
        }
        targetEntries.push({ kind, ids, value: entry.value, provenance: entry.imported.provenance, history: entry.imported.history });
        if (entry.value === null) {
            discrepancies.push({ kind: 'missing key', key: label, detail: 'imported, and no longer on the target' });
            continue;
        }
        counts[kind].target += 1;
        if (canonicalJson(entry.value) !== canonicalJson(value)) {
            discrepancies.push({ kind: 'tampered value', key: label, detail: `the target holds SHA-256 ${sha(entry.value)}, the source ${sha(value)}` });
        } else if (canonicalJson([entry.imported.provenance, entry.imported.history]) !== canonicalJson([provenance, history])) {
            discrepancies.push({ kind: 'tampered value', key: label, detail: 'the target keeps another provenance or key history' });
        }
    }
    for (const entry of imported.values()) {
        (counts[entry.kind] ??= { source: 0, target: 0 }).target += 1;
        targetEntries.push({ kind: entry.kind, ids: entry.ids, value: entry.value, provenance: entry.imported.provenance, history: entry.imported.history });
        discrepancies.push({ kind: 'extra key', key: recordLabel(entry), detail: 'the target holds an import of it that the source does not have' });
    }
    return { counts, sourceDigest: migrationDigest(sourceEntries), targetDigest: migrationDigest(targetEntries), discrepancies: [...refused, ...discrepancies] };
}
