import { ConflictError } from '../errors/chaincode-error';
import type { ColdtraceContext } from '../ledger/coldtrace-context';
import { type BatchAnomaly, holdsBatch } from '../model/batch-anomaly';

/** The holding anomalies of each batch a transaction looked at, so moving 10,000 serials of a batch reads them once. */
const holdsByTransaction = new WeakMap<ColdtraceContext, Map<string, Promise<BatchAnomaly[]>>>();

/**
 * The anomalies that hold a batch now (open ones), in key order. A range read: a transaction that
 * passed the check is invalidated if an anomaly of the batch is reported or cleared beside it.
 *
 * @example
 * (await holdsOn(ctx, 'B1')).length; // 0 when nothing holds batch B1
 */
export function holdsOn(ctx: ColdtraceContext, batchId: string): Promise<BatchAnomaly[]> {
    let cache = holdsByTransaction.get(ctx);
    if (!cache) {
        cache = new Map();
        holdsByTransaction.set(ctx, cache);
    }
    let holds = cache.get(batchId);
    if (!holds) {
        holds = ctx.store.listByPrefix<BatchAnomaly>('batchAnomaly', [batchId]).then((anomalies) => anomalies.filter(holdsBatch));
        cache.set(batchId, holds);
    }
    return holds;
}

/**
 * Refuses `action` while an anomaly holds one of the batches, naming the anomaly.
 *
 * @example
 * await requireNoHold(ctx, ['B1'], 'sell product B1.1');
 * // CONFLICT: batch B1 is on hold: anomaly A1F2 (reported 2026-01-01T00:00:00.000Z) is open; cannot sell product B1.1 until the batch's manufacturer clears it
 */
export async function requireNoHold(ctx: ColdtraceContext, batchIds: Iterable<string>, action: string): Promise<void> {
    for (const batchId of [...new Set(batchIds)].sort()) {
        const [first, ...more] = await holdsOn(ctx, batchId);
        if (first) {
            const others = more.length > 0 ? ` (and ${more.length} more)` : '';
            throw new ConflictError(
                `batch ${batchId} is on hold: anomaly ${first.anomalyId} (reported ${first.reportedAt}) is open${others}; cannot ${action} until the batch's manufacturer clears it`,
            );
        }
    }
}
