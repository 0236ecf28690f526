import type { KV } from 'nats';

/**
 * Which partitions of the readings stream this detector holds, agreed with the other detectors in
 * a JetStream key-value bucket whose entries expire (the bucket's TTL): each live detector renews a
 * `members.<owner>` heartbeat and its `partition.<n>` leases; a partition whose lease expired (its
 * detector died or lost the server) is free, and a detector takes free partitions up to its fair
 * share (partitions / live detectors), giving back what is above it so a newcomer gets some.
 * Taking is an atomic create and renewing a compare-and-set on the revision, so two detectors
 * never both think they hold a partition in the bucket's view.
 *
 * @example
 * const leases = new PartitionLeases(kv, 'coldtrace-detector-1', 8);
 * const { held } = await leases.tick(); // e.g. [0, 2, 4, 6] with two detectors alive
 */
export class PartitionLeases {
    readonly #held = new Map<number, number>();

    readonly #kv: KV;
    readonly #partitions: number;

    constructor(
        kv: KV,
        readonly owner: string,
        partitions: number,
    ) {
        this.#kv = kv;
        this.#partitions = partitions;
    }

    /** Partitions held after the last tick. */
    get held(): number[] {
        return [...this.#held.keys()].sort((a, b) => a - b);
    }

    /** Renews, takes and gives back leases once; call it well within the bucket's TTL. */
    async tick(): Promise<{ held: number[] }> {
        await this.#kv.put(`members.${this.owner}`, this.owner);
        let members = 0;
        for await (const _key of await this.#kv.keys('members.*')) {
            members += 1;
        }
        const share = Math.ceil(this.#partitions / Math.max(1, members));
        for (let partition = 0; partition < this.#partitions; partition++) {
            const key = `partition.${partition}`;
            const revision = this.#held.get(partition);
            if (revision !== undefined) {
                if (this.#held.size > share) {
                    this.#held.delete(partition);
                    await this.#kv.delete(key, { previousSeq: revision }).catch(() => undefined);
                    continue;
                }
                // A failed compare-and-set: the lease expired and someone else took it.
                const renewed = await this.#kv.update(key, this.owner, revision).catch(() => undefined);
                if (renewed === undefined) {
                    this.#held.delete(partition);
                } else {
                    this.#held.set(partition, renewed);
                }
            } else if (this.#held.size < share) {
                const taken = await this.#kv.create(key, this.owner).catch(() => undefined);
                if (taken !== undefined) {
                    this.#held.set(partition, taken);
                }
            }
        }
        return { held: this.held };
    }

    /** Gives every lease back (an orderly stop), so the others need not wait for them to expire. */
    async release(): Promise<void> {
        for (const [partition, revision] of this.#held) {
            await this.#kv.delete(`partition.${partition}`, { previousSeq: revision }).catch(() => undefined);
        }
        this.#held.clear();
        await this.#kv.delete(`members.${this.owner}`).catch(() => undefined);
    }
}
