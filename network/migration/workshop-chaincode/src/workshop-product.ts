/**
 * The workshop's data model, without the contract (so readers of a workshop ledger need not load
 * fabric-contract-api): product states and transitions, the product record, and its keys.
 */

/** A workshop product's states, in order. */
export const WORKSHOP_STATES = ['manufactured', 'inspected', 'shipped', 'stocked', 'labeled', 'sold'] as const;
export type WorkshopState = (typeof WORKSHOP_STATES)[number];

/** The transition that leaves each state but the last, by the workshop's names. */
export const WORKSHOP_TRANSITIONS: Record<string, WorkshopState> = {
    inspect: 'inspected',
    ship: 'shipped',
    receive: 'stocked',
    label: 'labeled',
    sell: 'sold',
};

/** One product as the workshop keeps it: its state and when it reached each state so far. */
export interface WorkshopProduct {
    id: string;
    state: WorkshopState;
    history: Partial<Record<WorkshopState, string>>;
}

/** The one key that lists every product's key (the workshop's model: every create rewrites it). */
export const PRODUCT_IDS_KEY = 'productIDs';

export function productKey(id: string): string {
    return `product_${id}`;
}
