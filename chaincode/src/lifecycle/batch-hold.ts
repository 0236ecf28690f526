import { HoldError } from '../errors/hold-error';
import type { ColdtraceContext } from '../ledger/coldtrace-context';
import { TransactionCache } from '../ledger/transaction-cache';
import { anomalyState, type BatchAnomaly, holdsBatch, recallOf } from '../model/batch-anomaly';

/** Every anomaly of each batch a transaction looked at, so moving 10,000 serials of a batch reads them once. */
const anomalyCache = new TransactionCache<BatchAnomaly[]>();

/**
 * Every anomaly of a batch, in key order, read once per transaction. A range read: a transaction
 * that passed a check on them is invalidated if an anomaly of the batch is reported or decided beside it.
 *
 * @example
 * (await anomaliesOf(ctx, 'B1')).length; // 0 when nobody reported on batch B1
 */
export function anomaliesOf(ctx: ColdtraceContext, batchId: string): Promise<BatchAnomaly[]> {
    return anomalyCache.get(ctx, batchId, () => ctx.store.listByPrefix<BatchAnomaly>('batchAnomaly', [batchId]));
}

/**
 * The anomalies that hold a batch now (reported, under investigation or recalled), in key order.
 *
 * @example
 * (await holdsOn(ctx, 'B1')).length; // 0 when nothing holds batch B1
 */
export async function holdsOn(ctx: ColdtraceContext, batchId: string): Promise<BatchAnomaly[]> {
    return (await anomaliesOf(ctx, batchId)).filter(holdsBatch);
}

/**
 * Refuses `action` while an anomaly holds one of the batches or the batch is recalled, naming the
 * anomaly and the hold code (`BATCH_ON_HOLD`, `BATCH_RECALLED`).
 *
 * @example
 * await requireNoHold(ctx, ['B1'], 'sell product B1.1');
 * // CONFLICT: BATCH_ON_HOLD: batch B1 is on hold: anomaly A1F2 (reported 2026-01-01T00:00:00.000Z) is open; cannot sell product B1.1 until the batch's manufacturer clears it
 */
export async function requireNoHold(ctx: ColdtraceContext, batchIds: Iterable<string>, action: string): Promise<void> {
    for (const batchId of [...new Set(batchIds)].sort()) {
        const holds = await holdsOn(ctx, batchId);
        const recalled = recallOf(holds);
        if (recalled?.recall) {
            throw new HoldError(
                'BATCH_RECALLED',
                `batch ${batchId} is recalled (class ${recalled.recall.recallClass}, anomaly ${recalled.anomalyId}, ${recalled.recall.at}); cannot ${action}: return its units to the manufacturer or record their destruction`,
            );
        }
        const [first, ...more] = holds;
        if (first) {
            const others = more.length > 0 ? ` (and ${more.length} more)` : '';
            const stands = anomalyState(first) === 'investigating' ? 'is under investigation' : 'is open';
            throw new HoldError(
                'BATCH_ON_HOLD',
                `batch ${batchId} is on hold: anomaly ${first.anomalyId} (reported ${first.reportedAt}) ${stands}${others}; cannot ${action} until the batch's manufacturer clears it`,
            );
        }
    }
}
