import { ForbiddenError } from '../errors/chaincode-error';
import type { ColdtraceContext } from '../ledger/coldtrace-context';
import type { Batch } from '../model/batch';
import { canRead } from './access-rules';

/** Member group `mbr~batchParty` of (batchId, MSP ID): the organizations that took custody of a product of the batch. */
const BATCH_PARTY = 'batchParty';

/** How an organization stands to a batch: it made it, or it holds or held one of its serials. */
export type BatchRelationship = 'manufacturer' | 'holder';

/**
 * How the caller stands to a batch, from the goods alone: its manufacturer, an organization that
 * holds or held one of its serials (carried it, received it, and so also sold it), or none.
 *
 * @example
 * await batchRelationship(ctx, batch); // 'holder' for a retailer that received a serial of it
 */
export async function batchRelationship(ctx: ColdtraceContext, batch: Pick<Batch, 'batchId' | 'manufacturer'>): Promise<BatchRelationship | undefined> {
    if (batch.manufacturer === ctx.caller.org) {
        return 'manufacturer';
    }
    return (await ctx.members.has(BATCH_PARTY, batch.batchId, ctx.caller.org)) ? 'holder' : undefined;
}

/**
 * Rejects an action on a batch (reporting an anomaly) unless the caller made the batch or holds or
 * held one of its serials. Reading rights are not enough: an auditor reads a batch but never held it.
 *
 * @example
 * await requireBatchParty(ctx, batch, `report an anomaly on batch ${batch.batchId}`);
 */
export async function requireBatchParty(ctx: ColdtraceContext, batch: Pick<Batch, 'batchId' | 'manufacturer'>, action: string): Promise<BatchRelationship> {
    const relationship = await batchRelationship(ctx, batch);
    if (!relationship) {
        throw new ForbiddenError(
            `only the manufacturer of batch ${batch.batchId} or an organization that holds or held one of its serials may ${action}; ${ctx.caller.org} never did`,
        );
    }
    return relationship;
}

/**
 * Rejects reading a batch (the record, the list of its serials) unless the caller is party to it,
 * holds or held one of its serials, or audits.
 *
 * @example
 * return canonicalJson(await requireBatchReadable(ctx, batch, `batch ${batchId}`));
 */
export async function requireBatchReadable(ctx: ColdtraceContext, batch: Batch, label: string): Promise<Batch> {
    if (!canRead(ctx, batch.parties) && !(await batchRelationship(ctx, batch))) {
        throw new ForbiddenError(`${label} is not visible to ${ctx.caller.org}, which never held one of its serials`);
    }
    return batch;
}

/**
 * A batch the caller may read, or a NOT_FOUND / FORBIDDEN refusal.
 *
 * @example
 * const batch = await readableBatch(ctx, batchId);
 */
export async function readableBatch(ctx: ColdtraceContext, batchId: string): Promise<Batch> {
    const label = `batch ${batchId}`;
    return requireBatchReadable(ctx, await ctx.store.require<Batch>('batch', [batchId], label), label);
}

/**
 * The organizations to tell about a batch's hold, clearance or recall: its manufacturer and every
 * organization that took custody of one of its serials. The ones holding units now are among them;
 * telling exactly those would mean reading every serial of the batch, which no transaction may.
 *
 * @example
 * await batchParties(ctx, batch); // ['ManufacturerMSP', 'CarrierMSP', 'RetailerMSP']
 */
export async function batchParties(ctx: ColdtraceContext, batch: Pick<Batch, 'batchId' | 'manufacturer'>): Promise<string[]> {
    return [...new Set([batch.manufacturer, ...(await ctx.members.list(BATCH_PARTY, batch.batchId))])];
}

/**
 * Records that an organization took custody of products of these batches. Each entry is one key
 * written with a constant value and without reading it first, so two transactions that hand products
 * of the same batch to the same organization never conflict (Fabric's MVCC check looks at reads only).
 *
 * @example
 * await joinBatches(ctx, batchIds, shipment.carrier);
 */
export async function joinBatches(ctx: ColdtraceContext, batchIds: Iterable<string>, org: string): Promise<void> {
    for (const batchId of [...new Set(batchIds)].sort()) {
        await ctx.members.add(BATCH_PARTY, batchId, org);
    }
}
