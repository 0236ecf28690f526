import { Info, Returns, Transaction } from 'fabric-contract-api';
import { joinBatches } from '../access/batch-relationship';
import { RELATIONSHIPS } from '../access/rules-table';
import { ConflictError, ForbiddenError, InvalidArgumentError, NotFoundError } from '../errors/chaincode-error';
import { canonicalJson } from '../ledger/canonical-json';
import { ColdtraceContext } from '../ledger/coldtrace-context';
import { parseInput } from '../ledger/input';
import { pageOfKeys } from '../ledger/paged-keys';
import { sha256Hex } from '../ledger/sha256';
import type { Batch } from '../model/batch';
import type { Page } from '../model/common';
import {
    type ImportedEntry,
    type ImportedRecord,
    ImportedRecordsQuery,
    type ImportKind,
    ImportPage,
    type ImportRecord,
    type ImportResult,
    importParties,
    recordIds,
    relatedRecord,
} from '../model/migration';
import { markListedSerial } from '../lifecycle/listed-numbered-serial';
import { parseNumberedSerial, rangeHolding } from '../model/numbered-serial';
import { ColdtraceContract } from './coldtrace-contract';

type Value = Record<string, unknown>;

/**
 * Imports of another ledger's history (issue 16): a migration tool reads a source network (a
 * coldtrace network, or the AWS workshop's supplychaincc) and hands its records here a page at a
 * time. The rules of who may write stay in the chaincode: an organization imports only records of
 * goods it is a party of. Each record lands under its own key with its source provenance and key
 * history beside it (`imported` records); importing the same content again changes nothing, so an
 * interrupted migration resumes by sending its pages again, and different content under a taken
 * key is refused with the key named.
 *
 * @example
 * // submit migration:import '{"sourceNetwork":"amb-prod","records":[{"kind":"batch","ids":["B1"],"value":{…},"provenance":{…},"history":[…]}]}'
 * // evaluate migration:records '{"sourceNetwork":"amb-prod","pageSize":200}'
 */
@Info({ title: 'migration', description: 'Imports of records from another ledger, with their provenance' })
export class MigrationContract extends ColdtraceContract {
    constructor() {
        super('migration');
    }

    /** Imports a page of records, all or nothing; records already imported with the same content are left as they are. */
    @Transaction()
    @Returns('string')
    async import(ctx: ColdtraceContext, pageJson: string): Promise<string> {
        const page = parseInput(ImportPage, pageJson, 'import page');
        const keys = new Set<string>();
        const result: ImportResult = { imported: 0, unchanged: 0 };
        // A batch put in this transaction is not read back by it (Fabric's semantics): its products look it up here.
        const pageBatches = new Map(page.records.filter((record) => record.kind === 'batch').map((record) => [String(record.value.batchId), record.value as unknown as Batch]));
        for (const record of page.records) {
            const label = `${record.kind} ${record.ids.join('~')}`;
            const key = ctx.store.key(record.kind, record.ids);
            if (keys.has(key)) {
                throw new InvalidArgumentError(`import page names ${label} twice`);
            }
            keys.add(key);
            checkShape(record, label);
            await requireImportParty(ctx, record, label);
            if (await this.#alreadyImported(ctx, page.sourceNetwork, record, label)) {
                result.unchanged += 1;
                continue;
            }
            await this.#write(ctx, page.sourceNetwork, record, pageBatches);
            result.imported += 1;
        }
        return canonicalJson(result);
    }

    /**
     * A page of the records imported from one source network, with what sits under each key now: an
     * organization reads the records it imported, an auditor every one.
     */
    @Transaction(false)
    @Returns('string')
    async records(ctx: ColdtraceContext, queryJson: string): Promise<string> {
        const query = parseInput(ImportedRecordsQuery, queryJson, 'imported records query');
        const keys = await pageOfKeys(ctx.stub, 'imported', [query.sourceNetwork], query.pageSize, query.bookmark);
        const items: ImportedEntry[] = [];
        for (const attributes of keys.items) {
            const imported = await ctx.store.get<ImportedRecord>('imported', attributes);
            if (!imported || !(ctx.hasRole('auditor') || imported.importedBy.org === ctx.caller.org)) {
                continue;
            }
            const value = (await ctx.store.getIncludingCommissioning<Value>(imported.kind, imported.ids)) ?? null;
            items.push({ kind: imported.kind, ids: imported.ids, value, imported });
        }
        return canonicalJson({ ...keys, items } satisfies Page<ImportedEntry>);
    }

    /** True when the key holds this very import already; refuses a key that holds anything else. */
    async #alreadyImported(ctx: ColdtraceContext, sourceNetwork: string, record: ImportRecord, label: string): Promise<boolean> {
        // Only a written key counts: a numbered serial's range stands for the product until its first step, which the import brings.
        const present = await ctx.store.getWritten<Value>(record.kind, record.ids);
        const imported = await ctx.store.get<ImportedRecord>('imported', importKey(sourceNetwork, record));
        if (present === undefined && imported === undefined) {
            await requireNotNumberedHere(ctx, sourceNetwork, record, label);
            return false;
        }
        if (present === undefined) {
            throw new ConflictError(`${label} was imported from ${sourceNetwork} before and is no longer on the ledger`);
        }
        if (canonicalJson(present) !== canonicalJson(record.value)) {
            throw new ConflictError(
                `${label} is on the ledger with other content (SHA-256 ${sha256Hex(canonicalJson(present))}, the import has ${sha256Hex(canonicalJson(record.value))})`,
            );
        }
        if (!imported || canonicalJson([imported.provenance, imported.history]) !== canonicalJson([record.provenance, record.history])) {
            throw new ConflictError(`${label} is on the ledger with the same content but another provenance`);
        }
        return true;
    }

    async #write(ctx: ColdtraceContext, sourceNetwork: string, record: ImportRecord, pageBatches: ReadonlyMap<string, Batch>): Promise<void> {
        const value = record.value;
        await ctx.store.put(record.kind, record.ids, value);
        const imported: ImportedRecord = {
            docType: 'imported',
            kind: record.kind,
            ids: record.ids,
            sourceNetwork,
            provenance: record.provenance,
            history: record.history,
            valueSha256: sha256Hex(canonicalJson(value)),
            importedBy: ctx.actor,
            importedAt: ctx.now,
            txId: ctx.txId,
        };
        await ctx.store.put('imported', importKey(sourceNetwork, record), imported);
        await indexImported(ctx, record.kind, value, pageBatches);
    }
}

/**
 * A serial of a range that coldtrace numbered itself is coldtrace's product, though it has no key of
 * its own yet: only the import of its batch (this page or an earlier one) brings its written record.
 */
async function requireNotNumberedHere(ctx: ColdtraceContext, sourceNetwork: string, record: ImportRecord, label: string): Promise<void> {
    if (record.kind !== 'product' || !(await ctx.store.numberedProduct(record.ids[0] ?? ''))) {
        return;
    }
    const batchId = String(record.value.batchId);
    const batchImported = await ctx.store.get<ImportedRecord>('imported', importKey(sourceNetwork, { kind: 'batch', ids: [batchId] }));
    if (!batchImported) {
        throw new ConflictError(`${label} is a serial numbered on this ledger by batch ${batchId}, which was not imported from ${sourceNetwork}`);
    }
}

function importKey(sourceNetwork: string, record: Pick<ImportRecord, 'kind' | 'ids'>): string[] {
    return [sourceNetwork, record.kind, ...record.ids];
}

/** A record must be of its kind and sit under its own ids, so an import never lands a record under another's key. */
function checkShape(record: ImportRecord, label: string): void {
    if (record.value.docType !== record.kind) {
        throw new InvalidArgumentError(`${label}: value.docType must be ${record.kind}`);
    }
    const own = recordIds(record.kind, record.value);
    if (canonicalJson(own) !== canonicalJson(record.ids)) {
        throw new InvalidArgumentError(`${label}: the value's own ids are ${own.join('~')}`);
    }
    const last = record.history[record.history.length - 1];
    if (canonicalJson(last) !== canonicalJson(record.provenance)) {
        throw new InvalidArgumentError(`${label}: provenance must be the last step of its history`);
    }
}

/** The relationship half of `migration:import`'s rule, on every record of the page. */
async function requireImportParty(ctx: ColdtraceContext, record: ImportRecord, label: string): Promise<void> {
    const related = relatedRecord(record.kind, record.value);
    let relatedValue: Value | undefined;
    if (related) {
        relatedValue = await ctx.store.getIncludingCommissioning<Value>(related.kind, related.ids);
        if (!relatedValue) {
            throw new NotFoundError(`${label}: import ${related.kind} ${related.ids.join('~')} first`);
        }
    }
    if (record.kind === 'product' && !(await ctx.store.exists('batch', [String(record.value.batchId)]))) {
        throw new NotFoundError(`${label}: import batch ${String(record.value.batchId)} first`);
    }
    const parties = importParties(record.kind, record.value, relatedValue);
    if (!parties.includes(ctx.caller.org)) {
        throw new ForbiddenError(`only a ${RELATIONSHIPS.importParty} (${parties.join(', ') || 'none named'}) may import ${label}; caller is ${ctx.caller.org}`);
    }
}

/** The index entries the record's own transactions would have written, so lists and batch reads find it. */
async function indexImported(ctx: ColdtraceContext, kind: ImportKind, value: Value, pageBatches: ReadonlyMap<string, Batch>): Promise<void> {
    const parties = (value.parties as string[] | undefined) ?? [];
    const state = typeof value.state === 'string' ? value.state : 'open';
    if (kind === 'batch') {
        await ctx.index.move('batch', String(value.batchId), undefined, { parties, state: 'open' });
    } else if (kind === 'product') {
        const batchId = String(value.batchId);
        const serial = String(value.serial);
        const batch = pageBatches.get(batchId) ?? (await ctx.store.getIncludingCommissioning<Batch>('batch', [batchId]));
        await ctx.index.move('product', serial, undefined, { parties, state });
        // A serial of one of its batch's ranges is listed by the range, as after its first step on the source.
        const numbered = parseNumberedSerial(serial);
        if (!(numbered?.batchId === batchId && batch && rangeHolding(batch, numbered.number))) {
            await ctx.members.add('batchSerial', batchId, serial);
            await markListedSerial(ctx, serial);
        }
        // The batch's manufacturer is its party by the batch record; the others took custody of a serial.
        for (const party of parties.filter((org) => org !== batch?.manufacturer).sort()) {
            await joinBatches(ctx, [batchId], party);
        }
    } else if (kind === 'order' || kind === 'shipment') {
        await ctx.index.move(kind, String(value[`${kind}Id`]), undefined, { parties, state });
    }
}
