import type { ColdtraceContext } from '../ledger/coldtrace-context';
import { HELD_PRODUCT_STEPS } from '../model/batch-anomaly';
import { PRODUCT_STATES, type Product, type ProductState } from '../model/product';
import { requireNoHold } from './batch-hold';
import { requireNoExcursionHold } from './excursion-hold';
import { stamp, withParties } from './record-stamp';
import { requireTransition } from './transition';
import { leaveUnitSteps } from './unit-steps';

/** What else changes on a product when it takes a step (custody, shipment, visibility). */
export type ProductChanges = Partial<Pick<Product, 'owner' | 'custodian' | 'handlingUnit' | 'shipmentId'>> & {
    addParties?: string[];
    addShipment?: string;
};

/**
 * Moves a product to the next state of its lifecycle, records the step on its timeline, and keeps
 * the party index in line. Rejects the step when the product is not in the state before `target`, or
 * when it would ship, label or sell a product whose batch an anomaly holds or a recall recalled, or
 * that a closed excursion holds or got rejected: every path to those states passes here, so none can
 * bypass a hold.
 *
 * @example
 * await advanceProduct(ctx, product, 'stocked');
 */
export async function advanceProduct(ctx: ColdtraceContext, product: Product, target: ProductState, changes: ProductChanges = {}): Promise<Product> {
    const next = await plannedAdvance(ctx, product, target, changes);
    await saveProduct(ctx, product, next);
    return next;
}

/**
 * The product `advanceProduct` would write, with every check it makes, written nowhere: what a
 * handling unit's products take together (see `UnitSteps`).
 *
 * @example
 * const next = await plannedAdvance(ctx, product, 'stocked');
 */
export async function plannedAdvance(ctx: ColdtraceContext, product: Product, target: ProductState, changes: ProductChanges = {}): Promise<Product> {
    requireTransition(PRODUCT_STATES, product.state, target, `product ${product.serial}`);
    const held = HELD_PRODUCT_STEPS[target];
    if (held) {
        await requireNoHold(ctx, [product.batchId], `${held} product ${product.serial}`);
        await requireNoExcursionHold(ctx, product, `${held} product ${product.serial}`);
    }
    const { addParties = [], addShipment, ...fields } = changes;
    return {
        ...product,
        ...fields,
        ...stamp(ctx),
        state: target,
        parties: withParties(product.parties, ...addParties),
        shipments: addShipment ? withParties(product.shipments, addShipment) : product.shipments,
        timeline: [...product.timeline, ctx.step(target)],
    };
}

/**
 * Writes a product that took a step and moves its list entries from where it was to where it is. A
 * product of a unit whose products take steps together leaves them (see `leaveUnitSteps`).
 *
 * @example
 * await saveProduct(ctx, product, { ...product, state: 'destroyed', timeline: [...product.timeline, ctx.step('destroyed')] });
 */
export async function saveProduct(ctx: ColdtraceContext, before: Product, next: Product): Promise<void> {
    await ctx.store.put('product', [before.serial], next);
    await ctx.index.move('product', before.serial, { parties: before.parties, state: before.state }, { parties: next.parties, state: next.state });
    await leaveUnitSteps(ctx, before);
}
