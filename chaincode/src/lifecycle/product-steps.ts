import type { ColdtraceContext } from '../ledger/coldtrace-context';
import { HELD_PRODUCT_STEPS } from '../model/batch-anomaly';
import { PRODUCT_STATES, type Product, type ProductState } from '../model/product';
import { requireNoHold } from './batch-hold';
import { stamp, withParties } from './record-stamp';
import { requireTransition } from './transition';

/** What else changes on a product when it takes a step (custody, shipment, visibility). */
export type ProductChanges = Partial<Pick<Product, 'owner' | 'custodian' | 'handlingUnit' | 'shipmentId'>> & {
    addParties?: string[];
    addShipment?: string;
};

/**
 * Moves a product to the next state of its lifecycle, records the step on its timeline, and keeps
 * the party index in line. Rejects the step when the product is not in the state before `target`, or
 * when it would ship, label or sell a product whose batch an open anomaly holds: every path to those
 * states passes here, so none can bypass the hold.
 *
 * @example
 * await advanceProduct(ctx, product, 'stocked');
 */
export async function advanceProduct(ctx: ColdtraceContext, product: Product, target: ProductState, changes: ProductChanges = {}): Promise<Product> {
    requireTransition(PRODUCT_STATES, product.state, target, `product ${product.serial}`);
    const held = HELD_PRODUCT_STEPS[target];
    if (held) {
        await requireNoHold(ctx, [product.batchId], `${held} product ${product.serial}`);
    }
    const { addParties = [], addShipment, ...fields } = changes;
    const next: Product = {
        ...product,
        ...fields,
        ...stamp(ctx),
        state: target,
        parties: withParties(product.parties, ...addParties),
        shipments: addShipment ? withParties(product.shipments, addShipment) : product.shipments,
        timeline: [...product.timeline, ctx.step(target)],
    };
    await ctx.store.put('product', [product.serial], next);
    await ctx.index.move('product', product.serial, { parties: product.parties, state: product.state }, { parties: next.parties, state: target });
    return next;
}
