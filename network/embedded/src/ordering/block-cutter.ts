interface Pending<T, R> {
    item: T;
    resolve: (result: R) => void;
    reject: (error: Error) => void;
}

/**
 * The embedded ordering service: endorsed transactions queue up and are cut into a block when the
 * committer is free, at most `maxPerBlock` at a time. Under load many transactions share a block
 * (and its fsync); alone, a transaction is committed on the next tick, the equivalent of a very
 * short BatchTimeout.
 *
 * @example
 * const cutter = new BlockCutter(async (txs) => commit(txs), 500);
 * const result = await cutter.enqueue(tx);
 */
export class BlockCutter<T, R> {
    readonly #queue: Pending<T, R>[] = [];
    readonly #commit: (items: T[]) => Promise<R[]>;
    readonly #maxPerBlock: number;
    #draining = false;

    /** `commit` gets one block's items and returns one result per item, in the same order. */
    constructor(commit: (items: T[]) => Promise<R[]>, maxPerBlock: number) {
        this.#commit = commit;
        this.#maxPerBlock = maxPerBlock;
    }

    /** Resolves with the item's result once its block is committed; rejects when that block fails. */
    enqueue(item: T): Promise<R> {
        return new Promise((resolve, reject) => {
            this.#queue.push({ item, resolve, reject });
            if (!this.#draining) {
                this.#draining = true;
                setImmediate(() => void this.#drain());
            }
        });
    }

    async #drain(): Promise<void> {
        while (this.#queue.length > 0) {
            const batch = this.#queue.splice(0, this.#maxPerBlock);
            try {
                const results = await this.#commit(batch.map((pending) => pending.item));
                batch.forEach((pending, i) => {
                    const result = results[i];
                    if (result === undefined) {
                        pending.reject(new Error(`the commit returned no result for transaction ${i} of its block`));
                    } else {
                        pending.resolve(result);
                    }
                });
            } catch (error) {
                batch.forEach((pending) => pending.reject(error as Error));
            }
        }
        this.#draining = false;
    }
}
