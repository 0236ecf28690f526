import { WORKSHOP_STATES, type WorkshopState } from '@coldtrace/workshop-chaincode/model';

/** The workshop's transitions in order: the n-th leads to the (n+1)-th state. */
const TRANSITIONS = ['inspect', 'ship', 'receive', 'label', 'sell'] as const;

/** Workshop product ids by the state each ended in. */
export type WorkshopIdsByState = Record<WorkshopState, string[]>;

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
export async function fillWorkshop(submit: WorkshopSubmit, prefix: string, perState: number): Promise<WorkshopIdsByState> {
    const byState = Object.fromEntries(WORKSHOP_STATES.map((state) => [state, [] as string[]])) as WorkshopIdsByState;
    const targets: { id: string; steps: number }[] = [];
    for (let n = 0; n < perState; n++) {
        for (const [steps, state] of WORKSHOP_STATES.entries()) {
            const id = `${prefix}${String(n * WORKSHOP_STATES.length + steps).padStart(4, '0')}`;
            await submit('maker', 'createProduct', [id]);
            targets.push({ id, steps });
            byState[state].push(id);
        }
    }
    for (const [round, transition] of TRANSITIONS.entries()) {
        const as = round < 2 ? 'maker' : 'shop';
        await Promise.all(targets.filter((t) => t.steps > round).map((t) => submit(as, 'updateProductState', [t.id, transition])));
    }
    return byState;
}
