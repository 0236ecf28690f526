import { type TimelineEntry, type RecordStamp } from './common';
import type { RecallClass } from './batch-anomaly';
import type { ExcursionHoldState } from './excursion-disposition';

/** A serialized item's life, in order. Each state is reached from the one before it only. */
export const PRODUCT_STATES = ['manufactured', 'inspected', 'packed', 'shipped', 'received', 'stocked', 'labeled', 'sold'] as const;

/**
 * Where a recalled or rejected unit leaves the chain, from any state but `sold`: `returned` to its
 * manufacturer (which may then destroy it), or `destroyed` by whoever holds it.
 */
export const PRODUCT_END_STATES = ['returned', 'destroyed'] as const;
export type ProductEndState = (typeof PRODUCT_END_STATES)[number];

/** Every state a product may be in, for lists and filters. */
export const ALL_PRODUCT_STATES = [...PRODUCT_STATES, ...PRODUCT_END_STATES] as const;
export type ProductState = (typeof ALL_PRODUCT_STATES)[number];

/**
 * Whether a product left the chain (returned or destroyed).
 *
 * @example
 * hasLeftChain({ state: 'destroyed' }); // true
 */
export function hasLeftChain(product: Pick<Product, 'state'>): boolean {
    return (PRODUCT_END_STATES as readonly string[]).includes(product.state);
}

export interface Product extends RecordStamp {
    docType: 'product';
    serial: string;
    gtin: string;
    batchId: string;
    state: ProductState;
    owner: string;
    custodian: string;
    handlingUnit?: string;
    shipmentId?: string;
    shipments: string[];
    parties: string[];
    timeline: TimelineEntry[];
}

/**
 * A unit of a recalled batch: still `recalled` (its holder has to return or destroy it), sold before
 * the recall (it stays visible as such: the sale stands), `returned` or `destroyed`.
 */
export type ProductRecallStatus = 'recalled' | 'sold_before_recall' | 'returned' | 'destroyed';

/**
 * Flags are derived when the product is read, from the excursions of its shipments and the anomalies
 * of its batch, so that recording an excursion, an anomaly or a recall never rewrites thousands of
 * product keys.
 */
export interface ProductFlags {
    excursion: boolean;
    /** An anomaly holds the product's batch (reported, under investigation or recalled): it may not be shipped, labeled or sold. */
    anomaly: boolean;
    /** The batch is recalled: what became of this unit, with the recall's class. */
    recall?: { status: ProductRecallStatus; recallClass: RecallClass; anomalyId: string };
    /** A closed excursion holds the unit until its manufacturer decides (`on_hold`), or the manufacturer rejected it (`rejected`). */
    excursionHold?: Exclude<ExcursionHoldState, 'released'>;
}

/**
 * Whether a product's flags stop its shipping, labeling and selling: a batch hold or recall, or an
 * excursion awaiting or refused release.
 *
 * @example
 * isHeld({ excursion: true, anomaly: false, excursionHold: 'on_hold' }); // true
 */
export function isHeld(flags: ProductFlags): boolean {
    return flags.anomaly || flags.excursionHold !== undefined;
}
