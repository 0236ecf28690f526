import { type ChainedBatch, ClassicLevel } from 'classic-level';
import { decodeHistoryEntry, encodeHistoryEntry, type HistoryRecord } from './history-entry';
import { prefixEnd, StateKeys } from './state-keys';
import { decodeVersioned, encodeVersioned, type Version } from './version';

export interface VersionedValue {
    value: Buffer;
    version: Version;
}

export interface RangeEntry extends VersionedValue {
    key: string;
}

export type { HistoryRecord } from './history-entry';

/** How far the state reflects the block file: number of blocks applied and the last block's hash. */
export interface Savepoint {
    height: number;
    lastHash: string;
}

export interface TransactionLocation {
    block: number;
    tx: number;
    code: string;
}

export interface BlockLocation {
    offset: number;
    length: number;
}

/** How much the read cache of {@link StateDb} holds (keys and stored values) before it starts over. */
const CACHE_BYTES = 64 * 1024 * 1024;

/**
 * The longest key range whose complete answer {@link StateDb} keeps between writes: a trace asks for
 * the anomalies and the excursions of a record (usually none, a few at most), and opening a LevelDB
 * iterator for them costs far more than the point reads around them.
 */
const CACHED_RANGE_ENTRIES = 64;

/** A lazily read key range; LevelDB iterators read from an implicit snapshot taken when created. */
export interface RangeCursor {
    next(count: number): Promise<RangeEntry[]>;
    close(): Promise<void>;
}

/**
 * The peer's database: world state with versions, private data and its hashes, key history, the
 * transaction index and the savepoint. A block's effects land in one atomic, synced batch.
 *
 * @example
 * const db = await StateDb.open('data/ledger/state');
 * const entry = await db.getState('coldtrace', key);
 */
export class StateDb {
    /**
     * Committed versioned values read since the last write, by database key (undefined: absent).
     * A bulk step's block is read three times over, by each endorser's simulation and by its
     * validation: each still reads every key it needs, from here after the first. Any write empties
     * it, so it never answers anything but the committed state.
     */
    readonly #cache = new Map<string, VersionedValue | undefined>();
    /**
     * Small key ranges read to their end since the last write, by their bounds: every entry, as
     * LevelDB gave it. Emptied with the point cache; a range read across a write is not kept.
     */
    readonly #ranges = new Map<string, readonly RangeEntry[]>();
    #cachedBytes = 0;
    /** Counts the writes (and cache resets): a range whose iterator saw one change is not kept. */
    #generation = 0;

    readonly #db: ClassicLevel<string, Buffer>;

    private constructor(db: ClassicLevel<string, Buffer>) {
        this.#db = db;
    }

    static async open(dir: string): Promise<StateDb> {
        const db = new ClassicLevel<string, Buffer>(dir, { keyEncoding: 'utf8', valueEncoding: 'buffer' });
        await db.open();
        return new StateDb(db);
    }

    async close(): Promise<void> {
        await this.#db.close();
    }

    getState(ns: string, key: string): Promise<VersionedValue | undefined> {
        return this.#getVersioned(StateKeys.state(ns, key));
    }

    getPrivateData(ns: string, collection: string, key: string): Promise<VersionedValue | undefined> {
        return this.#getVersioned(StateKeys.privateData(ns, collection, key));
    }

    /** The stored hash of a private value (the "value" of the entry is the hash). */
    getPrivateHash(ns: string, collection: string, keyHash: string): Promise<VersionedValue | undefined> {
        return this.#getVersioned(StateKeys.privateHash(ns, collection, keyHash));
    }

    /** Public keys in [startKey, endKey); an empty endKey means no upper bound. */
    stateRange(ns: string, startKey: string, endKey: string): RangeCursor {
        return this.#range(StateKeys.statePrefix(ns), startKey, endKey);
    }

    privateRange(ns: string, collection: string, startKey: string, endKey: string): RangeCursor {
        return this.#range(StateKeys.privateDataPrefix(ns, collection), startKey, endKey);
    }

    /** Versions of a key, newest first, as Fabric 2.x returns them. */
    async history(ns: string, key: string): Promise<HistoryRecord[]> {
        const prefix = StateKeys.historyPrefix(ns, key);
        const records: HistoryRecord[] = [];
        for await (const value of this.#db.values({ gte: prefix, lt: prefixEnd(prefix), reverse: true })) {
            records.push(decodeHistoryEntry(value));
        }
        return records;
    }

    async transaction(txId: string): Promise<TransactionLocation | undefined> {
        return this.#getJson<TransactionLocation>(StateKeys.transaction(txId));
    }

    async blockLocation(block: number): Promise<BlockLocation | undefined> {
        return this.#getJson<BlockLocation>(StateKeys.blockLocation(block));
    }

    async savepoint(): Promise<Savepoint> {
        return (await this.#getJson<Savepoint>(StateKeys.savepoint)) ?? { height: 0, lastHash: '' };
    }

    /** Starts the write batch of one block. Nothing is visible until {@link StateBatch.write}. */
    batch(): StateBatch {
        return new StateBatch(this.#db, () => this.#forget());
    }

    // Point reads are synchronous: a LevelDB get answered from its cache takes microseconds, while
    // the asynchronous get's trip through the thread pool costs a hundred or more, and a chaincode
    // (whose shim sends one request at a time) or a block's validation makes thousands in a row.
    async #getVersioned(key: string): Promise<VersionedValue | undefined> {
        if (this.#cache.has(key)) {
            return this.#cache.get(key);
        }
        const record = this.#db.getSync(key);
        const entry = record === undefined ? undefined : decodeVersioned(record);
        if (this.#cachedBytes + key.length + (record?.length ?? 0) > CACHE_BYTES) {
            this.#forget();
        }
        this.#cache.set(key, entry);
        this.#cachedBytes += key.length + (record?.length ?? 0);
        return entry;
    }

    #forget(): void {
        this.#cache.clear();
        this.#ranges.clear();
        this.#cachedBytes = 0;
        this.#generation += 1;
    }

    async #getJson<T>(key: string): Promise<T | undefined> {
        const record = this.#db.getSync(key);
        return record === undefined ? undefined : (JSON.parse(record.toString('utf8')) as T);
    }

    #range(prefix: string, startKey: string, endKey: string): RangeCursor {
        const gte = prefix + startKey;
        const lt = endKey ? prefix + endKey : prefixEnd(prefix);
        // Keys hold any character (composite keys U+0000), so the first bound is told by its length.
        const bounds = `${gte.length}:${gte}${lt}`;
        const cached = this.#ranges.get(bounds);
        if (cached) {
            return cachedCursor(cached);
        }
        const iterator = this.#db.iterator({ gte, lt });
        const generation = this.#generation;
        let seen: RangeEntry[] | undefined = [];
        let seenBytes = 0;
        return {
            next: async (count) => {
                // nextv may return fewer entries than asked while more remain; only [] means the end.
                const entries: RangeEntry[] = [];
                let ended = false;
                while (entries.length < count) {
                    const batch = await iterator.nextv(count - entries.length);
                    if (batch.length === 0) {
                        ended = true;
                        break;
                    }
                    for (const [key, record] of batch) {
                        entries.push({ key: key.slice(prefix.length), ...decodeVersioned(record) });
                        seenBytes += key.length + record.length;
                    }
                }
                if (seen) {
                    seen.push(...entries);
                    seen = seen.length > CACHED_RANGE_ENTRIES ? undefined : seen;
                }
                if (ended && seen && generation === this.#generation) {
                    this.#keepRange(bounds, seen, seenBytes);
                    seen = undefined;
                }
                return entries;
            },
            close: () => iterator.close(),
        };
    }

    #keepRange(bounds: string, entries: readonly RangeEntry[], bytes: number): void {
        if (this.#cachedBytes + bounds.length + bytes > CACHE_BYTES) {
            this.#forget();
        }
        this.#ranges.set(bounds, entries);
        this.#cachedBytes += bounds.length + bytes;
    }
}

/** A cursor over a range's entries kept in memory; each caller gets its own entry objects. */
function cachedCursor(entries: readonly RangeEntry[]): RangeCursor {
    let next = 0;
    return {
        next: async (count) => {
            const batch = entries.slice(next, next + count);
            next += batch.length;
            return batch.map((entry) => ({ ...entry, version: { ...entry.version } }));
        },
        close: async () => undefined,
    };
}

/**
 * The updates of one block, written to LevelDB atomically and synced to disk. Operations go
 * straight into LevelDB's native write batch (a chained batch): a bulk step's block has tens of
 * thousands, and an array of operation objects costs three times as much to hand over.
 */
export class StateBatch {
    readonly #batch: ChainedBatch<ClassicLevel<string, Buffer>, string, Buffer>;

    /** `changing` is told before and after the write: what was read before may be stale. */
    readonly #changing: () => void;

    constructor(db: ClassicLevel<string, Buffer>, changing: () => void = () => undefined) {
        this.#changing = changing;
        this.#batch = db.batch();
    }

    putState(ns: string, key: string, version: Version, value: Uint8Array): void {
        this.#batch.put(StateKeys.state(ns, key), encodeVersioned(version, value));
    }

    deleteState(ns: string, key: string): void {
        this.#batch.del(StateKeys.state(ns, key));
    }

    putPrivateData(ns: string, collection: string, key: string, version: Version, value: Uint8Array): void {
        this.#batch.put(StateKeys.privateData(ns, collection, key), encodeVersioned(version, value));
    }

    deletePrivateData(ns: string, collection: string, key: string): void {
        this.#batch.del(StateKeys.privateData(ns, collection, key));
    }

    putPrivateHash(ns: string, collection: string, keyHash: string, version: Version, valueHash: Uint8Array): void {
        this.#batch.put(StateKeys.privateHash(ns, collection, keyHash), encodeVersioned(version, valueHash));
    }

    deletePrivateHash(ns: string, collection: string, keyHash: string): void {
        this.#batch.del(StateKeys.privateHash(ns, collection, keyHash));
    }

    addHistory(ns: string, key: string, version: Version, record: HistoryRecord): void {
        this.#batch.put(StateKeys.history(ns, key, version.block, version.tx), encodeHistoryEntry(record));
    }

    indexTransaction(txId: string, location: TransactionLocation): void {
        this.#putJson(StateKeys.transaction(txId), location);
    }

    indexBlock(block: number, location: BlockLocation): void {
        this.#putJson(StateKeys.blockLocation(block), location);
    }

    setSavepoint(savepoint: Savepoint): void {
        this.#putJson(StateKeys.savepoint, savepoint);
    }

    async write(): Promise<void> {
        this.#changing();
        try {
            await this.#batch.write({ sync: true });
        } finally {
            this.#changing();
        }
    }

    /** Drops a batch that will not be written (its block failed to apply). */
    async discard(): Promise<void> {
        await this.#batch.close();
    }

    #putJson(key: string, value: unknown): void {
        this.#batch.put(key, Buffer.from(JSON.stringify(value)));
    }
}
