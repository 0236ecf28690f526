import { WORKSHOP_STATES } from '@coldtrace/workshop-chaincode/model';

/** The workshop's transitions in order: the n-th leads to the (n+1)-th state. */
const TRANSITIONS = ['inspect', 'ship', 'receive', 'label', 'sell'] as const;

/** Submits one workshop transaction as one of two organizations: `maker` makes and ships, `shop` receives and sells. */
export type WorkshopSubmit = (as: 'maker' | 'shop', fn: string, args: string[]) => Promise<unknown>;

/**
 * Fills a workshop-model ledger (supplychaincc) with `perState` products in each of its six states,
 * ids `{prefix}0000`…: creates one at a time (each rewrites the global productIDs key, as in the
 * workshop), then moves them on one transition round at a time, the products of a round side by side.
 * Returns the ids by the state they end in.
 *
 * @example
 * const byState = await fillWorkshop(submit, 'WS', 50); // 300 products
 */
export async function fillWorkshop(submit: WorkshopSubmit, prefix: string, perState: number): Promise<Record<string, string[]>> {
    const byState: Record<string, string[]> = Object.fromEntries(WORKSHOP_STATES.map((state) => [state, []]));
    const targets: { id: string; steps: number }[] = [];
    for (let i = 0; i < perState * WORKSHOP_STATES.length; i++) {
        const id = `${prefix}${String(i).padStart(4, '0')}`;
        await submit('maker', 'createProduct', [id]);
        const steps = i % WORKSHOP_STATES.length;
        targets.push({ id, steps });
        byState[WORKSHOP_STATES[steps]].push(id);
    }
    for (let round = 0; round < TRANSITIONS.length; round++) {
        const transition = TRANSITIONS[round];
        const as = round < 2 ? 'maker' : 'shop';
        await Promise.all(targets.filter((t) => t.steps > round).map((t) => submit(as, 'updateProductState', [t.id, transition])));
    }
    return byState;
}
