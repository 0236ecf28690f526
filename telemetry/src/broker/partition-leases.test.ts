import assert from 'node:assert/strict';
import type { KV } from 'nats';
import { PartitionLeases } from './partition-leases';

/**
 * The part of a JetStream key-value bucket the leases use, in memory: revisions, atomic create,
 * compare-and-set update, and `expire()` standing for the bucket's TTL running out on a key.
 */
class MemoryBucket {
    readonly entries = new Map<string, { value: string; revision: number }>();
    #revision = 0;

    async put(key: string, value: string): Promise<number> {
        this.entries.set(key, { value, revision: ++this.#revision });
        return this.#revision;
    }
    async create(key: string, value: string): Promise<number> {
        if (this.entries.has(key)) {
            throw new Error('wrong last sequence');
        }
        return this.put(key, value);
    }
    async update(key: string, value: string, revision: number): Promise<number> {
        if (this.entries.get(key)?.revision !== revision) {
            throw new Error('wrong last sequence');
        }
        return this.put(key, value);
    }
    async delete(key: string, options?: { previousSeq?: number }): Promise<void> {
        if (options?.previousSeq === undefined || this.entries.get(key)?.revision === options.previousSeq) {
            this.entries.delete(key);
        }
    }
    async keys(filter: string): Promise<AsyncIterable<string>> {
        const prefix = filter.replace(/\*$/, '');
        const keys = [...this.entries.keys()].filter((k) => k.startsWith(prefix));
        return (async function* () {
            yield* keys;
        })();
    }
    /** The TTL ran out for everything `owner` wrote (it stopped renewing). */
    expire(owner: string): void {
        for (const [key, entry] of this.entries) {
            if (entry.value === owner) {
                this.entries.delete(key);
            }
        }
    }
    holders(): Record<string, string> {
        return Object.fromEntries([...this.entries].filter(([k]) => k.startsWith('partition.')).map(([k, e]) => [k, e.value]));
    }
}

describe('PartitionLeases', () => {
    it('shares the partitions fairly, hands a silent detector’s to the others, and takes some back for a newcomer', async () => {
        const bucket = new MemoryBucket();
        const kv = bucket as unknown as KV;
        const [a, b] = [new PartitionLeases(kv, 'det-a', 6), new PartitionLeases(kv, 'det-b', 6)];
        assert.deepEqual((await a.tick()).held, [0, 1, 2, 3, 4, 5], 'alone, it holds everything');
        await b.tick();
        assert.deepEqual(b.held, [], 'nothing is free yet');
        await a.tick();
        assert.equal(a.held.length, 3, 'a gives back what is above its share once b is a member');
        await b.tick();
        assert.equal(b.held.length, 3);
        assert.equal(new Set([...a.held, ...b.held]).size, 6, 'no partition held twice');

        bucket.expire('det-a');
        await b.tick();
        assert.deepEqual(b.held, [0, 1, 2, 3, 4, 5], 'a stopped renewing: b takes its partitions');
        assert.deepEqual(await a.tick(), { held: [] }, 'a, back, finds its leases taken and does not reclaim them');
    });

    it('renews only a lease still its own, and gives every lease back on release', async () => {
        const bucket = new MemoryBucket();
        const kv = bucket as unknown as KV;
        const a = new PartitionLeases(kv, 'det-a', 2);
        await a.tick();
        await bucket.put('partition.1', 'det-b');
        assert.deepEqual((await a.tick()).held, [0]);
        await a.release();
        assert.deepEqual(bucket.holders(), { 'partition.1': 'det-b' });
        assert.equal(bucket.entries.has('members.det-a'), false);
    });
});
