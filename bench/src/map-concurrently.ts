/**
 * Maps `items` through `fn` with at most `concurrency` calls in flight, keeping the order of the
 * results; the first failure rejects the whole map (set-up work, where a failure means no benchmark).
 *
 * @example
 * const shipments = await mapConcurrently(ids, 8, (id) => client.call('getShipment', { params: { shipmentId: id } }));
 */
export async function mapConcurrently<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
    const results = new Array<R>(items.length);
    // One iterator shared by every worker: each takes the next item when it is free.
    const queue = items.entries();
    const worker = async () => {
        for (const [index, item] of queue) {
            results[index] = await fn(item, index);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
    return results;
}
