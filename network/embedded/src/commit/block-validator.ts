import type { LedgerTransaction, ValidationCode } from '../blocks/block';
import type { RangeRead } from '../simulation/read-write-set';
import type { StateDb } from '../state/state-db';
import { sameVersion, type Version } from '../state/version';

/**
 * MVCC validation of a block, as a committing peer does it: every key a transaction read must still
 * have the version it saw, every range it iterated must return the same keys and versions, counting
 * the writes of the valid transactions before it in the same block. The first transaction to write
 * a key wins; a later one that read the old version is invalidated and its writes are discarded.
 *
 * @example
 * const codes = await new BlockValidator(state).validate(blockNumber, transactions);
 */
export class BlockValidator {
    /** Versions written by earlier valid transactions of this block; null marks a delete. */
    private readonly updates = new Map<string, Version | null>();
    private readonly txIds = new Set<string>();

    constructor(private readonly state: StateDb) {}

    async validate(blockNumber: number, transactions: LedgerTransaction[]): Promise<ValidationCode[]> {
        const codes: ValidationCode[] = [];
        for (const [index, transaction] of transactions.entries()) {
            const code = await this.validateOne(transaction);
            codes.push(code);
            if (code === 'VALID') {
                this.record(transaction, { block: blockNumber, tx: index });
            }
        }
        return codes;
    }

    private async validateOne(transaction: LedgerTransaction): Promise<ValidationCode> {
        if (this.txIds.has(transaction.txId) || (await this.state.transaction(transaction.txId))) {
            return 'DUPLICATE_TXID';
        }
        this.txIds.add(transaction.txId);
        const { namespace, reads, rangeReads, collections } = transaction.readWriteSet;
        for (const read of reads) {
            if (!sameVersion(await this.currentVersion(namespace, read.key), read.version)) {
                return 'MVCC_READ_CONFLICT';
            }
        }
        for (const set of collections) {
            for (const read of set.reads) {
                if (!sameVersion(await this.currentHashVersion(namespace, set.collection, read.keyHash), read.version)) {
                    return 'MVCC_READ_CONFLICT';
                }
            }
        }
        for (const range of rangeReads) {
            if (!(await this.rangeUnchanged(namespace, range))) {
                return 'PHANTOM_READ_CONFLICT';
            }
        }
        return 'VALID';
    }

    private record(transaction: LedgerTransaction, version: Version): void {
        const { namespace, writes, collections } = transaction.readWriteSet;
        for (const write of writes) {
            this.updates.set(publicKey(namespace, write.key), write.isDelete ? null : version);
        }
        for (const set of collections) {
            for (const write of set.writes) {
                this.updates.set(hashKey(namespace, set.collection, write.keyHash), write.isDelete ? null : version);
            }
        }
    }

    private async currentVersion(namespace: string, key: string): Promise<Version | null> {
        const updated = this.updates.get(publicKey(namespace, key));
        if (updated !== undefined) {
            return updated;
        }
        return (await this.state.getState(namespace, key))?.version ?? null;
    }

    private async currentHashVersion(namespace: string, collection: string, keyHash: string): Promise<Version | null> {
        const updated = this.updates.get(hashKey(namespace, collection, keyHash));
        if (updated !== undefined) {
            return updated;
        }
        return (await this.state.getPrivateHash(namespace, collection, keyHash))?.version ?? null;
    }

    /** Re-runs a range against committed state plus this block's earlier writes. */
    private async rangeUnchanged(namespace: string, range: RangeRead): Promise<boolean> {
        const lastRead = range.results.at(-1)?.key;
        const upTo = (key: string) => range.exhausted || (lastRead !== undefined && key <= lastRead);
        const current = new Map<string, Version>();
        const cursor = this.state.stateRange(namespace, range.startKey, range.endKey);
        try {
            for (let batch = await cursor.next(500); batch.length > 0; batch = await cursor.next(500)) {
                for (const entry of batch) {
                    current.set(entry.key, entry.version);
                }
                if (!range.exhausted && lastRead !== undefined && batch[batch.length - 1].key > lastRead) {
                    break;
                }
            }
        } finally {
            await cursor.close();
        }
        const prefix = publicKey(namespace, '');
        for (const [key, version] of this.updates) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            const plain = key.slice(prefix.length);
            if (plain >= range.startKey && (!range.endKey || plain < range.endKey)) {
                if (version) {
                    current.set(plain, version);
                } else {
                    current.delete(plain);
                }
            }
        }
        const seen = [...current.entries()].filter(([key]) => upTo(key)).sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
        if (seen.length !== range.results.length) {
            return false;
        }
        return seen.every(([key, version], i) => key === range.results[i].key && sameVersion(version, range.results[i].version));
    }
}

function publicKey(namespace: string, key: string): string {
    return `${namespace}\u0000${key}`;
}

function hashKey(namespace: string, collection: string, keyHash: string): string {
    return `${namespace}\u0001${collection}\u0000${keyHash}`;
}
