import type { BulkStep } from '../access/rules-table';
import { BulkRefusalError, type SerialRefusal } from '../errors/bulk-refusal-error';
import { ChaincodeError } from '../errors/chaincode-error';
import type { ColdtraceContext } from '../ledger/coldtrace-context';
import type { z } from 'zod';
import type { BulkStepInput, BulkStepResult } from '../model/bulk-step';
import type { HandlingUnit } from '../model/handling-unit';
import type { Product } from '../model/product';
import { visibleRecord } from '../views/visible-page';
import type { ProductStep } from './product-step';
import { takeUnitStep } from './unit-steps';

/**
 * Takes one step on many serials in one transaction, all or nothing: every serial goes through the
 * step's own per-serial logic (`step.take`, the same as its single-serial transaction), every
 * refusal is collected with its serial, and if any serial is refused the transaction fails naming
 * them, so Fabric writes nothing. A step over a received handling unit whose products are all alike
 * is written once on the unit instead (`takeUnitStep`). Each product key is read once; what several serials share (the
 * holds of their batch, whether it is still being commissioned) is read once per transaction by the
 * readers that own it. One event for the whole step.
 *
 * @example
 * await takeBulkStep(ctx, 'stock', PRODUCT_STEPS['product:stock'], { sscc: '106141411234567897' });
 * // { step: 'stock', state: 'stocked', count: 1000, sscc: '106141411234567897', batchIds: ['B1'] }
 */
export async function takeBulkStep(ctx: ColdtraceContext, name: BulkStep, step: ProductStep, input: z.output<typeof BulkStepInput>): Promise<BulkStepResult> {
    const unit = input.sscc ? await visibleRecord<HandlingUnit>(ctx, 'handlingUnit', input.sscc) : undefined;
    const together = unit && (await takeUnitStep(ctx, step, unit));
    if (together) {
        return announced(ctx, name, step, input, together.parties, unit.serials.length, together.batchIds);
    }
    const serials = unit ? unit.serials : input.serials!;
    const refusals: SerialRefusal[] = [];
    // What the event names of the products taken, gathered as they go: holding thousands of
    // records until the end would have the garbage collector copy them over and over.
    const batchIds = new Set<string>();
    const parties = new Set<string>();
    let count = 0;
    // One serial after the other: the shim sends one request at a time anyway, and a record read
    // is dropped once its step is written.
    for (const serial of serials) {
        try {
            const product = await ctx.store.require<Product>('product', [serial], `product ${serial}`);
            const taken = await step.take(ctx, product);
            batchIds.add(taken.batchId);
            taken.parties.forEach((party) => parties.add(party));
            count++;
        } catch (error) {
            if (!(error instanceof ChaincodeError)) {
                throw error;
            }
            refusals.push({ serial, code: error.code, reason: error.reason });
        }
    }
    if (refusals.length > 0) {
        throw new BulkRefusalError(step.verb, serials.length, refusals);
    }
    return announced(ctx, name, step, input, [...parties], count, [...batchIds].sort());
}

/** The one event of a bulk step, and its answer. */
function announced(
    ctx: ColdtraceContext,
    name: BulkStep,
    step: ProductStep,
    input: z.output<typeof BulkStepInput>,
    parties: string[],
    count: number,
    batchIds: string[],
): BulkStepResult {
    ctx.announce({ type: 'ProductsStateChanged', parties, ids: input.sscc ? { sscc: input.sscc } : {}, step: name, state: step.reaches, count, batchIds });
    return { step: name, state: step.reaches, count, ...(input.sscc ? { sscc: input.sscc } : {}), batchIds };
}
