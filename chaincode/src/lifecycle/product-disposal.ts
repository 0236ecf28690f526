import { RELATIONSHIPS } from '../access/rules-table';
import { ConflictError, ForbiddenError } from '../errors/chaincode-error';
import type { ColdtraceContext } from '../ledger/coldtrace-context';
import type { Batch } from '../model/batch';
import { recallOf, type RecallClass } from '../model/batch-anomaly';
import { excursionHold } from '../model/excursion-disposition';
import { hasLeftChain, type Product, type ProductEndState } from '../model/product';
import { anomaliesOf } from './batch-hold';
import { excursionsAffecting } from './excursion-hold';
import { saveProduct } from './product-steps';
import { stamp } from './record-stamp';

/** What calls for a unit's return or destruction: its batch's recall, or its manufacturer's rejection after an excursion. */
export type DisposalCause = { cause: 'recall'; anomalyId: string; recallClass: RecallClass } | { cause: 'excursion'; shipmentId: string; excursionId: string };

/**
 * Why a unit is to leave the chain, if anything calls for it. Derived from the batch's anomalies and
 * the unit's excursions, read once per transaction: a recall never rewrites the batch's serials.
 *
 * @example
 * await disposalCause(ctx, product); // { cause: 'recall', anomalyId: 'A1F2…', recallClass: 'II' }
 */
export async function disposalCause(ctx: ColdtraceContext, product: Product): Promise<DisposalCause | undefined> {
    const recalled = recallOf(await anomaliesOf(ctx, product.batchId));
    if (recalled?.recall) {
        return { cause: 'recall', anomalyId: recalled.anomalyId, recallClass: recalled.recall.recallClass };
    }
    const rejected = (await excursionsAffecting(ctx, product)).find((excursion) => excursionHold(excursion) === 'rejected');
    return rejected ? { cause: 'excursion', shipmentId: rejected.shipmentId, excursionId: rejected.excursionId } : undefined;
}

/**
 * Takes a recalled or rejected unit out of the chain: `returned` hands ownership and custody back to
 * the batch's manufacturer (which may then destroy it), `destroyed` ends it where it is. Only its
 * holder (owner or custodian) records either; a sold unit stays sold. The step joins the unit's
 * timeline with who, when and the transaction, as every step does.
 *
 * @example
 * const { product: returned, cause } = await disposeProduct(ctx, product, 'returned');
 */
export async function disposeProduct(ctx: ColdtraceContext, product: Product, target: ProductEndState): Promise<{ product: Product; cause: DisposalCause }> {
    const verb = target === 'returned' ? 'return' : 'record the destruction of';
    if (ctx.caller.org !== product.owner && ctx.caller.org !== product.custodian) {
        throw new ForbiddenError(
            `only the ${RELATIONSHIPS.productHolder} (${[...new Set([product.owner, product.custodian])].join(', ')}) may ${verb} product ${product.serial}; caller is ${ctx.caller.org}`,
        );
    }
    const destroyingReturned = product.state === 'returned' && target === 'destroyed';
    if (hasLeftChain(product) && !destroyingReturned) {
        throw new ConflictError(`product ${product.serial} is ${product.state} already`);
    }
    if (product.state === 'sold') {
        throw new ConflictError(`product ${product.serial} was sold before; a sold unit stays sold and is neither returned nor destroyed by the seller`);
    }
    const cause = await disposalCause(ctx, product);
    if (!cause) {
        throw new ConflictError(`product ${product.serial} is neither recalled nor rejected after an excursion; only such units are returned or destroyed`);
    }
    const batch = await ctx.store.require<Batch>('batch', [product.batchId], `batch ${product.batchId}`);
    if (target === 'returned' && ctx.caller.org === batch.manufacturer) {
        throw new ConflictError(`product ${product.serial} is with its manufacturer already; record its destruction instead`);
    }
    const next: Product = {
        ...product,
        ...stamp(ctx),
        ...(target === 'returned' ? { owner: batch.manufacturer, custodian: batch.manufacturer } : {}),
        state: target,
        timeline: [...product.timeline, ctx.step(target)],
    };
    await saveProduct(ctx, product, next);
    return { product: next, cause };
}
