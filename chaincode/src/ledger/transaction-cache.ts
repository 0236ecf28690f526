import type { ColdtraceContext } from './coldtrace-context';

/**
 * Values loaded once per transaction and key (a batch's anomalies, a shipment's excursions), so a
 * transaction that moves 10,000 serials of one batch reads them once. Held weakly by the context:
 * gone with the transaction.
 *
 * @example
 * const anomalies = new TransactionCache<BatchAnomaly[]>();
 * await anomalies.get(ctx, batchId, () => ctx.store.listByPrefix('batchAnomaly', [batchId]));
 */
export class TransactionCache<T> {
    readonly #byTransaction = new WeakMap<ColdtraceContext, Map<string, Promise<T>>>();

    get(ctx: ColdtraceContext, key: string, load: () => Promise<T>): Promise<T> {
        let cache = this.#byTransaction.get(ctx);
        if (!cache) {
            cache = new Map();
            this.#byTransaction.set(ctx, cache);
        }
        let value = cache.get(key);
        if (!value) {
            value = load();
            cache.set(key, value);
        }
        return value;
    }
}
