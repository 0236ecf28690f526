import type { ProductFlags, ProductState, ProductView, TimelineEntry } from '@coldtrace/chaincode/model';

/** The step columns of the workshop's products table, in its order (packing and receiving are not shown there). */
export const WORKSHOP_STEP_COLUMNS = ['manufactured', 'inspected', 'shipped', 'stocked', 'labeled', 'sold'] as const satisfies readonly ProductState[];
export type WorkshopStepColumn = (typeof WORKSHOP_STEP_COLUMNS)[number];

/** One line of the products table: the serial, its state and when it reached each shown step. */
export interface WorkshopRow {
    serial: string;
    state: ProductState;
    batchId: string;
    flagged: ProductFlags;
    stepAt: Partial<Record<WorkshopStepColumn, TimelineEntry>>;
}

/**
 * Lays a product out as the workshop's table row: the timeline entry of each shown step, so the
 * cell can print its relative time and keep the exact time, org and user for its tooltip.
 *
 * @example
 * toWorkshopRow(product).stepAt.inspected?.at; // '2026-11-22T10:00:00.000Z'
 */
export function toWorkshopRow(product: ProductView): WorkshopRow {
    const stepAt: WorkshopRow['stepAt'] = {};
    for (const entry of product.timeline) {
        if ((WORKSHOP_STEP_COLUMNS as readonly string[]).includes(entry.state)) {
            stepAt[entry.state as WorkshopStepColumn] = entry;
        }
    }
    return { serial: product.serial, state: product.state, batchId: product.batchId, flagged: product.flags, stepAt };
}
