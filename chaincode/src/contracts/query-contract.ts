import { Info, Returns, Transaction } from 'fabric-contract-api';
import { requireReadable } from '../access/access-rules';
import { InvalidArgumentError, NotFoundError } from '../errors/chaincode-error';
import { parseSerialReference, referencesProduct, type SerialReference } from '../gs1';
import { canonicalJson } from '../ledger/canonical-json';
import { ColdtraceContext } from '../ledger/coldtrace-context';
import type { RecordKind } from '../ledger/entity-store';
import type { Product } from '../model/product';
import { withCarriedVersions } from '../model/unit-steps';
import { buildPublicProvenance, buildTrace } from '../views/trace-view';
import { ColdtraceContract } from './coldtrace-contract';

const HISTORY_KINDS: readonly RecordKind[] = ['batch', 'product', 'order', 'handlingUnit', 'shipment', 'sensorAssignment', 'excursion', 'telemetryDigest', 'batchAnomaly'];

/** One version of a record in its key history. */
export interface HistoryEntry {
    txId: string;
    timestamp: string;
    isDelete: boolean;
    org?: string;
    user?: string;
    value?: unknown;
}

/**
 * Read-only views across records: the one-call trace, the auditor's key history and the public
 * provenance a consumer sees.
 *
 * @example
 * // evaluate query:trace 'https://id.gs1.org/01/09506000134352/21/B3F9A0C12D4.1'
 */
@Info({ title: 'query', description: 'Trace, history and public provenance' })
export class QueryContract extends ColdtraceContract {
    constructor() {
        super('query');
    }

    /** Accepts a bare serial, an SGTIN URN or a GS1 Digital Link URI. */
    @Transaction(false)
    @Returns('string')
    async trace(ctx: ColdtraceContext, reference: string): Promise<string> {
        const product = await productFor(ctx, reference);
        requireReadable(ctx, product, `product ${product.serial}`);
        return canonicalJson(await buildTrace(ctx, product));
    }

    /** Open to every organization; the public page of the API serves it to consumers. */
    @Transaction(false)
    @Returns('string')
    async publicProvenance(ctx: ColdtraceContext, reference: string): Promise<string> {
        return canonicalJson(await buildPublicProvenance(ctx, await productFor(ctx, reference)));
    }

    /**
     * Every version of one record, oldest first (auditors only). `id` is the record's id, or a JSON
     * array of ids for records keyed by several (excursion: shipment and excursion id).
     */
    @Transaction(false)
    @Returns('string')
    async history(ctx: ColdtraceContext, kind: string, id: string): Promise<string> {
        if (!HISTORY_KINDS.includes(kind as RecordKind)) {
            throw new InvalidArgumentError(`kind must be one of ${HISTORY_KINDS.join(', ')}`);
        }
        const ids = id.startsWith('[') ? parseIds(id) : [id];
        if (kind === 'batch' || kind === 'product') {
            // The store decides whether the record exists: a batch still being commissioned, and its serials, do not.
            await ctx.store.require(kind, ids, `${kind} ${ids.join('~')}`);
        }
        const entries: HistoryEntry[] = [];
        for await (const modification of ctx.stub.getHistoryForKey(ctx.store.key(kind as RecordKind, ids))) {
            const value = modification.isDelete ? undefined : JSON.parse(Buffer.from(modification.value).toString('utf8'));
            const { seconds, nanos } = modification.timestamp;
            entries.push({
                txId: modification.txId,
                timestamp: new Date(Number(seconds.toString()) * 1000 + Math.floor(nanos / 1e6)).toISOString(),
                isDelete: modification.isDelete,
                org: value?.updatedBy?.org,
                user: value?.updatedBy?.user,
                value,
            });
        }
        // Fabric returns history newest first; auditors read a record's life forwards.
        entries.reverse();
        const commissioned = await ctx.store.numberedRecord(kind as RecordKind, ids);
        if (commissioned) {
            // A numbered serial's first version is its range's, written with the batch record.
            entries.unshift(versionEntry(commissioned));
        }
        const written = kind === 'product' ? await ctx.store.getWritten<Product>('product', ids) : undefined;
        if (written?.handlingUnit) {
            // The steps its unit took for it were written on the unit: each is a version all the same.
            const unitSteps = await ctx.store.unitSteps(written.handlingUnit);
            return canonicalJson(withCarriedVersions(entries, (entry) => entry.value as Product | undefined, unitSteps, versionEntry));
        }
        return canonicalJson(entries);
    }
}

/**
 * The product a reference names, checked whole: a Digital Link or SGTIN resolves only when its GTIN
 * is the product's too. A forged label (a genuine serial copied under another GTIN) gets the very
 * answer an unknown serial gets, so it learns nothing about the genuine product.
 */
async function productFor(ctx: ColdtraceContext, reference: string): Promise<Product> {
    let parsed: SerialReference;
    try {
        parsed = parseSerialReference(reference);
    } catch (error) {
        throw new InvalidArgumentError((error as Error).message);
    }
    const product = await ctx.store.get<Product>('product', [parsed.serial]);
    if (!product || !referencesProduct(parsed, product)) {
        throw new NotFoundError(`product ${parsed.serial}${parsed.gtin ? ` with GTIN ${parsed.gtin}` : ''} does not exist`);
    }
    return product;
}

/** A version of a record that no key's history holds, as the history shows it. */
function versionEntry(value: Product): HistoryEntry {
    return { txId: value.txId, timestamp: value.updatedAt, isDelete: false, org: value.updatedBy.org, user: value.updatedBy.user, value };
}

function parseIds(json: string): string[] {
    try {
        const ids: unknown = JSON.parse(json);
        if (Array.isArray(ids) && ids.length > 0 && ids.every((part) => typeof part === 'string' && part.length > 0)) {
            return ids;
        }
    } catch {
        // reported below
    }
    throw new InvalidArgumentError('id must be a record id or a JSON array of ids');
}
