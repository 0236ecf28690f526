import { sha256Hex } from '@coldtrace/chaincode/sha256';
import type { CollectionConfig } from '../state/collection-config';
import type { HistoryRecord, RangeCursor, RangeEntry, StateDb } from '../state/state-db';
import type { Version } from '../state/version';
import type { HashedCollectionSet, KeyWrite, PrivateWrite, RangeRead, ReadWriteSet } from './read-write-set';

/** How many results one QueryResponse carries before the chaincode asks for the next batch. */
const QUERY_BATCH = 100;

/** The page of a paginated range query, with Fabric's bookmark: the key to start the next page at. */
export interface RangePage {
    entries: RangeEntry[];
    bookmark: string;
}

interface OpenQuery {
    cursor: RangeCursor;
    read?: RangeRead;
}

export class SimulationError extends Error {
    override name = 'SimulationError';
}

/**
 * Runs one transaction proposal against the committed state and records its read-write set, as a
 * peer's transaction simulator does. Reads never see this transaction's own writes; writes are
 * buffered until the block commits; private values stay beside the public set, which only carries
 * their hashes. The simulating peer belongs to one organization (the creator's unless the client
 * named others): it reads the private values of the collections that organization is a member of,
 * and only the hashes of the others.
 *
 * @example
 * const sim = new TxSimulator(state, collections, 'coldtrace', 'RetailerMSP');
 * await sim.getState('', key); sim.putState('', key, value);
 * const { readWriteSet, privateWrites } = sim.results();
 */
export class TxSimulator {
    readonly #reads = new Map<string, Version | null>();
    readonly #rangeReads: RangeRead[] = [];
    readonly #writes = new Map<string, KeyWrite>();
    readonly #hashedReads = new Map<string, Map<string, Version | null>>();
    readonly #privateWrites = new Map<string, Map<string, PrivateWrite>>();
    readonly #queries = new Map<string, OpenQuery>();
    #nextQueryId = 0;
    #paginated = false;

    readonly #state: StateDb;
    readonly #collections: CollectionConfig;
    readonly #namespace: string;
    readonly #creatorMsp: string;
    readonly #peerMsp: string;

    constructor(
        state: StateDb,
        collections: CollectionConfig,
        namespace: string,
        creatorMsp: string,
        /** The organization of the peer that simulates: the creator's unless the client named others. */
        peerMsp: string = creatorMsp,
    ) {
        this.#state = state;
        this.#collections = collections;
        this.#namespace = namespace;
        this.#creatorMsp = creatorMsp;
        this.#peerMsp = peerMsp;
    }

    async getState(collection: string, key: string): Promise<Buffer> {
        requireKey(key);
        if (collection) {
            this.#collections.requireRead(this.#namespace, collection, this.#creatorMsp);
            const entry = this.#holds(collection) ? await this.#state.getPrivateData(this.#namespace, collection, key) : undefined;
            if (!entry) {
                await this.#requireNoHiddenValue(collection, key);
            }
            this.#recordHashedRead(collection, key, entry?.version ?? null);
            return entry?.value ?? Buffer.alloc(0);
        }
        const entry = await this.#state.getState(this.#namespace, key);
        if (!this.#reads.has(key)) {
            this.#reads.set(key, entry?.version ?? null);
        }
        return entry?.value ?? Buffer.alloc(0);
    }

    /** The hash of a private value: readable by every organization, members or not. */
    async getPrivateDataHash(collection: string, key: string): Promise<Buffer> {
        requireKey(key);
        this.#collections.requireExists(this.#namespace, collection);
        const entry = await this.#state.getPrivateHash(this.#namespace, collection, sha256Hex(key));
        this.#recordHashedRead(collection, key, entry?.version ?? null);
        return entry?.value ?? Buffer.alloc(0);
    }

    putState(collection: string, key: string, value: Uint8Array): void {
        requireKey(key);
        // Keys in sorted order: a block hashes its canonical JSON, which need not copy such objects.
        const write = { isDelete: false, key, value: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
        if (collection) {
            this.#collections.requireWrite(this.#namespace, collection, this.#creatorMsp);
            this.#privateSet(collection).set(key, { collection, ...write });
        } else {
            this.#writes.set(key, write);
        }
    }

    deleteState(collection: string, key: string): void {
        requireKey(key);
        if (collection) {
            this.#collections.requireWrite(this.#namespace, collection, this.#creatorMsp);
            this.#privateSet(collection).set(key, { collection, key, isDelete: true });
        } else {
            this.#writes.set(key, { isDelete: true, key });
        }
    }

    /** Opens a range query and returns its id with the first batch of results. */
    async openRange(collection: string, startKey: string, endKey: string): Promise<{ id: string; entries: RangeEntry[]; hasMore: boolean }> {
        if (collection) {
            this.#collections.requireRead(this.#namespace, collection, this.#creatorMsp);
        }
        const cursor = collection ? this.#privateRange(collection, startKey, endKey) : this.#state.stateRange(this.#namespace, startKey, endKey);
        // Fabric re-checks public ranges at commit; private ranges are not re-checked.
        const read: RangeRead | undefined = collection ? undefined : { endKey, exhausted: false, results: [], startKey };
        if (read) {
            this.#rangeReads.push(read);
        }
        const id = `q${this.#nextQueryId++}`;
        this.#queries.set(id, { cursor, read });
        return { id, ...(await this.nextBatch(id)) };
    }

    async nextBatch(id: string): Promise<{ entries: RangeEntry[]; hasMore: boolean }> {
        const query = this.#queries.get(id);
        if (!query) {
            throw new SimulationError(`query iterator ${id} does not exist or is closed`);
        }
        const entries = await query.cursor.next(QUERY_BATCH + 1);
        const ahead = entries[QUERY_BATCH];
        const hasMore = ahead !== undefined;
        const batch = entries.slice(0, QUERY_BATCH);
        // The cursor read one entry ahead to learn whether more follow; step back over it.
        if (ahead !== undefined) {
            query.cursor = prepend(ahead, query.cursor);
        }
        query.read?.results.push(...batch.map((entry) => ({ key: entry.key, version: entry.version })));
        if (!hasMore) {
            if (query.read) {
                query.read.exhausted = true;
            }
            await this.closeQuery(id);
        }
        return { entries: batch, hasMore };
    }

    async closeQuery(id: string): Promise<void> {
        const query = this.#queries.get(id);
        if (query) {
            this.#queries.delete(id);
            await query.cursor.close();
        }
    }

    /** One page of a paginated range query; only allowed in transactions that write nothing. */
    async rangePage(collection: string, startKey: string, endKey: string, pageSize: number, bookmark: string): Promise<RangePage> {
        if (collection) {
            this.#collections.requireRead(this.#namespace, collection, this.#creatorMsp);
        }
        this.#paginated = true;
        const from = bookmark || startKey;
        const cursor = collection ? this.#privateRange(collection, from, endKey) : this.#state.stateRange(this.#namespace, from, endKey);
        try {
            const entries = await cursor.next(pageSize + 1);
            return { entries: entries.slice(0, pageSize), bookmark: entries[pageSize]?.key ?? '' };
        } finally {
            await cursor.close();
        }
    }

    history(key: string): Promise<HistoryRecord[]> {
        requireKey(key);
        return this.#state.history(this.#namespace, key);
    }

    /** The read-write set, after checking rules Fabric enforces when the simulation ends. */
    async results(): Promise<{ readWriteSet: ReadWriteSet; privateWrites: PrivateWrite[] }> {
        for (const id of [...this.#queries.keys()]) {
            await this.closeQuery(id);
        }
        const privateWrites = [...this.#privateWrites.values()].flatMap((set) => [...set.values()]);
        if (this.#paginated && (this.#writes.size > 0 || privateWrites.length > 0)) {
            throw new SimulationError('paginated queries are supported only in read-only transactions; this transaction also writes');
        }
        const collections = new Set([...this.#hashedReads.keys(), ...this.#privateWrites.keys()]);
        const hashed: HashedCollectionSet[] = [...collections].sort().map((collection) => ({
            collection,
            reads: [...(this.#hashedReads.get(collection) ?? new Map()).entries()].sort().map(([keyHash, version]) => ({ keyHash, version })),
            writes: [...(this.#privateWrites.get(collection) ?? new Map()).values()]
                .map((write) => ({
                    isDelete: write.isDelete,
                    keyHash: sha256Hex(write.key),
                    valueHash: write.value === undefined ? undefined : sha256Hex(Buffer.from(write.value, 'base64')),
                }))
                .sort((a, b) => compare(a.keyHash, b.keyHash)),
        }));
        return {
            // Keys in code-unit order, like every object of a block: see assembleTransaction.
            readWriteSet: {
                collections: hashed,
                namespace: this.#namespace,
                rangeReads: this.#rangeReads,
                reads: [...this.#reads.entries()].sort(([a], [b]) => compare(a, b)).map(([key, version]) => ({ key, version })),
                writes: [...this.#writes.values()].sort((a, b) => compare(a.key, b.key)),
            },
            privateWrites: privateWrites.sort((a, b) => compare(`${a.collection}\u0000${a.key}`, `${b.collection}\u0000${b.key}`)),
        };
    }

    /** Whether the peer simulating this proposal keeps the collection's values. */
    #holds(collection: string): boolean {
        return this.#collections.holds(collection, this.#peerMsp);
    }

    /**
     * A peer without a value for a key whose hash is committed (not a member of the collection)
     * refuses the read as Fabric's does, rather than answering as if the key did not exist.
     */
    async #requireNoHiddenValue(collection: string, key: string): Promise<void> {
        const hashed = await this.#state.getPrivateHash(this.#namespace, collection, sha256Hex(key));
        if (hashed) {
            throw new SimulationError(
                `private data matching public hash version is not available. Public hash version = {BlockNum: ${hashed.version.block}, TxNum: ${hashed.version.tx}}, Private data version = <nil>`,
            );
        }
    }

    /** A range of private values as this peer keeps them: none of a collection its organization is not a member of. */
    #privateRange(collection: string, startKey: string, endKey: string): RangeCursor {
        if (!this.#holds(collection)) {
            return { next: async () => [], close: async () => undefined };
        }
        return this.#state.privateRange(this.#namespace, collection, startKey, endKey);
    }

    #recordHashedRead(collection: string, key: string, version: Version | null): void {
        let reads = this.#hashedReads.get(collection);
        if (!reads) {
            reads = new Map();
            this.#hashedReads.set(collection, reads);
        }
        const keyHash = sha256Hex(key);
        if (!reads.has(keyHash)) {
            reads.set(keyHash, version);
        }
    }

    #privateSet(collection: string): Map<string, PrivateWrite> {
        let set = this.#privateWrites.get(collection);
        if (!set) {
            set = new Map();
            this.#privateWrites.set(collection, set);
        }
        return set;
    }
}

function requireKey(key: string): void {
    if (!key) {
        throw new SimulationError('key must not be an empty string');
    }
}

function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** A cursor that yields `first` before continuing with `rest`. */
function prepend(first: RangeEntry, rest: RangeCursor): RangeCursor {
    let pending: RangeEntry | undefined = first;
    return {
        next: async (count) => {
            if (!pending) {
                return rest.next(count);
            }
            const head = pending;
            pending = undefined;
            return [head, ...(count > 1 ? await rest.next(count - 1) : [])];
        },
        close: () => rest.close(),
    };
}
