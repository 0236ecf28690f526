import { ChaincodeError } from '../errors/chaincode-error';
import type { ColdtraceContext } from '../ledger/coldtrace-context';
import { INDEX_VALUE } from '../ledger/index-position';
import { HELD_PRODUCT_STEPS } from '../model/batch-anomaly';
import type { HandlingUnit } from '../model/handling-unit';
import type { Product } from '../model/product';
import type { UnitSteps } from '../model/unit-steps';
import { requireNoHold } from './batch-hold';
import { requireNoExcursionHold } from './excursion-hold';
import type { ProductStep } from './product-step';
import { stamp } from './record-stamp';

/** Composite-key object type of the marks (SSCC, serial) of products that left their unit's common steps. */
const LEFT = 'unitStepsLeft';

/**
 * Starts a received unit's common steps: the transaction just wrote every product of it in one
 * position. A unit some of whose products stayed behind (returned or destroyed on the way), or
 * packed before units named their batches, does not get them: its bulk steps go serial by serial.
 *
 * @example
 * await startUnitSteps(ctx, unit);
 */
export async function startUnitSteps(ctx: ColdtraceContext, unit: HandlingUnit): Promise<void> {
    const steps: UnitSteps = { docType: 'unitSteps', sscc: unit.sscc, steps: [] };
    await ctx.store.put('unitSteps', [unit.sscc], steps);
}

/**
 * Marks a product written on its own as having left its unit's common steps, when the unit has them:
 * a bulk step over the unit then sees, with one range read, that its products are no longer alike.
 * Each product has its own mark, so steps on two products of one unit never conflict.
 *
 * @example
 * await leaveUnitSteps(ctx, product);
 */
export async function leaveUnitSteps(ctx: ColdtraceContext, product: Product): Promise<void> {
    if (product.handlingUnit && (await ctx.store.unitSteps(product.handlingUnit))) {
        await ctx.stub.putState(ctx.stub.createCompositeKey(LEFT, [product.handlingUnit, product.serial]), INDEX_VALUE);
    }
}

/** What a step every product of a unit took together tells its event. */
export interface UnitStepTaken {
    parties: string[];
    batchIds: string[];
}

/**
 * Takes a step for every product of a received unit at once, written on the unit (see `UnitSteps`),
 * when they are all alike: none left the common steps, and the step passes for them all (the
 * checks of the step's own logic on one of them, the holds of every batch of the unit, the
 * excursion holds of every serial). Undefined when it cannot: the caller then takes the step serial
 * by serial, which also names every refused serial with its reason.
 *
 * @example
 * await takeUnitStep(ctx, PRODUCT_STEPS['product:stock'], unit); // { parties: [...], batchIds: ['B1'] }
 */
export async function takeUnitStep(ctx: ColdtraceContext, step: ProductStep, unit: HandlingUnit): Promise<UnitStepTaken | undefined> {
    const carried = await ctx.store.unitSteps(unit.sscc);
    const [first] = unit.serials;
    if (!step.plan || !carried || !unit.batchIds || first === undefined || (await anyLeft(ctx, unit.sscc))) {
        return undefined;
    }
    const product = await ctx.store.require<Product>('product', [first], `product ${first}`);
    let next: Product;
    try {
        next = await step.plan(ctx, product);
        const held = HELD_PRODUCT_STEPS[step.reaches];
        if (held) {
            await requireNoHold(ctx, unit.batchIds, `${held} handling unit ${unit.sscc}`);
            for (const serial of unit.serials) {
                await requireNoExcursionHold(ctx, { ...product, serial }, `${held} product ${serial}`);
            }
        }
    } catch (error) {
        if (error instanceof ChaincodeError) {
            return undefined;
        }
        throw error;
    }
    const entry = next.timeline.at(-1)!;
    await ctx.store.put('unitSteps', [unit.sscc], { ...carried, steps: [...carried.steps, { state: next.state, entry, stamp: stamp(ctx) }] } satisfies UnitSteps);
    const before = carried.steps.length > 0 ? { parties: product.parties, state: product.state } : undefined;
    await ctx.index.moveUnit(unit.sscc, before, { parties: next.parties, state: next.state });
    return { parties: next.parties, batchIds: unit.batchIds };
}

/** Whether any product of the unit left its common steps: a range read, so a product leaving beside this transaction invalidates it. */
async function anyLeft(ctx: ColdtraceContext, sscc: string): Promise<boolean> {
    const iterator = await ctx.stub.getStateByPartialCompositeKey(LEFT, [sscc]);
    try {
        return !(await iterator.next()).done;
    } finally {
        await iterator.close();
    }
}
