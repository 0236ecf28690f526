import type { RecordStamp, TimelineEntry } from './common';
import type { Product, ProductState } from './product';

/** One step every product of a handling unit took together, written once on the unit. */
export interface CarriedStep {
    state: ProductState;
    /** The products' timeline entry of the step. */
    entry: TimelineEntry;
    /** The products' stamp after the step. */
    stamp: RecordStamp;
}

/**
 * The steps a handling unit's products took together since its receipt, kept on one key so that a
 * bulk step over a received unit writes one record instead of one per serial (on Fabric each key of a
 * transaction is a round trip between peer and chaincode, and a 2,000-serial step took ~8,000).
 *
 * Receiving a unit writes every one of its products in the same position (state, owner, custodian,
 * parties, shipments) and starts this record with no steps. From then on:
 * - a bulk step over the whole unit appends a step here, and every product of the unit that has not
 *   left the common steps reads as if that step had been written on it (`withCarriedSteps`);
 * - a step on one product of the unit (single, listed serials, or anything else that writes it) writes
 *   its record as usual, with the carried steps in its timeline, and marks it as having left: its own
 *   record answers for it from then on, and the unit's steps stop growing (a bulk step over the unit
 *   takes the serials one by one again).
 * Readers of a product never see the difference: the store answers the product with its carried steps.
 *
 * @example
 * { docType: 'unitSteps', sscc: '106141411234567897', steps: [{ state: 'stocked', entry: {…}, stamp: {…} }] }
 */
export interface UnitSteps {
    docType: 'unitSteps';
    sscc: string;
    steps: CarriedStep[];
}

/**
 * A product of a handling unit as its unit's carried steps leave it: the steps it has not taken on
 * its own record yet (a product that left the common steps has taken every step there was then, so
 * none is added to it).
 *
 * @example
 * withCarriedSteps(received, { docType: 'unitSteps', sscc, steps: [stocked] }); // state 'stocked', timeline + 1 entry
 */
export function withCarriedSteps(product: Product, unitSteps: UnitSteps | undefined): Product {
    const taken = unitSteps?.steps.filter((step) => !product.timeline.some((entry) => entry.txId === step.entry.txId)) ?? [];
    return taken.reduce<Product>((current, step) => ({ ...current, ...step.stamp, state: step.state, timeline: [...current.timeline, step.entry] }), product);
}

/**
 * A product's versions, oldest first, with those its unit's carried steps made of it put in place:
 * each comes right before the first written version that has the step in its timeline (written when
 * the product left the unit's steps), or last; each is the version before it with the step taken.
 * `productOf` reads a version's product (undefined for a deletion), `versionOf` makes a version.
 *
 * @example
 * withCarriedVersions([received, labeledAlone], (v) => v, unitSteps, (p) => p); // [received, stocked, labeledAlone]
 */
export function withCarriedVersions<V>(
    versions: readonly V[],
    productOf: (version: V) => Product | undefined,
    unitSteps: UnitSteps | undefined,
    versionOf: (product: Product) => V,
): V[] {
    const all = [...versions];
    for (const step of unitSteps?.steps ?? []) {
        const found = all.findIndex((version) => productOf(version)?.timeline.some((entry) => entry.txId === step.entry.txId));
        const at = found < 0 ? all.length : found;
        const before = at > 0 ? productOf(all[at - 1]!) : undefined;
        if (before) {
            all.splice(at, 0, versionOf(withCarriedSteps(before, { ...unitSteps!, steps: [step] })));
        }
    }
    return all;
}
