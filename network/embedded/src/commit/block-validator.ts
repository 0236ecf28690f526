import type { ValidationCode } from '../blocks/block';
import type { TransactionEnvelope } from '../client/transaction-envelope';
import { verifySignature } from '../identity';
import type { RangeRead } from '../simulation/read-write-set';
import type { StateDb } from '../state/state-db';
import { sameVersion, type Version } from '../state/version';
import type { EndorsementPolicy } from './endorsement-policy';

/**
 * Validation of a block, as a committing peer does it, in Fabric's order: the creator's signature
 * over the proposal (BAD_CREATOR_SIGNATURE), a transaction id not seen before (DUPLICATE_TXID), the
 * endorsement policy (ENDORSEMENT_POLICY_FAILURE), then MVCC: every key a transaction read must still
 * have the version it saw, every range it iterated must return the same keys and versions, counting
 * the writes of the valid transactions before it in the same block. The first transaction to write
 * a key wins; a later one that read the old version is invalidated and its writes are discarded.
 *
 * @example
 * const codes = await new BlockValidator(state, policy).validate(blockNumber, envelopes);
 */
export class BlockValidator {
    /** Versions written by earlier valid transactions of this block; null marks a delete. */
    readonly #updates = new Map<string, Version | null>();
    readonly #txIds = new Set<string>();
    readonly #state: StateDb;
    readonly #policy: EndorsementPolicy;

    constructor(state: StateDb, policy: EndorsementPolicy) {
        this.#state = state;
        this.#policy = policy;
    }

    /** One code per envelope, in block order; a validator is used for one block only. */
    async validate(blockNumber: number, envelopes: readonly TransactionEnvelope[]): Promise<ValidationCode[]> {
        const codes: ValidationCode[] = [];
        for (const [index, envelope] of envelopes.entries()) {
            const code = await this.#validateOne(envelope);
            codes.push(code);
            if (code === 'VALID') {
                this.#record(envelope.transaction, { block: blockNumber, tx: index });
            }
        }
        return codes;
    }

    async #validateOne(envelope: TransactionEnvelope): Promise<ValidationCode> {
        const { transaction } = envelope;
        if (!verifySignature(transaction.creator.certificate, envelope.signedBytes, Buffer.from(transaction.signature, 'base64'))) {
            return 'BAD_CREATOR_SIGNATURE';
        }
        if (this.#txIds.has(transaction.txId) || (await this.#state.transaction(transaction.txId))) {
            return 'DUPLICATE_TXID';
        }
        this.#txIds.add(transaction.txId);
        if (this.#policy.problem(envelope)) {
            return 'ENDORSEMENT_POLICY_FAILURE';
        }
        const { namespace, reads, rangeReads, collections } = transaction.readWriteSet;
        for (const read of reads) {
            if (!sameVersion(await this.#currentVersion(namespace, read.key), read.version)) {
                return 'MVCC_READ_CONFLICT';
            }
        }
        for (const set of collections) {
            for (const read of set.reads) {
                if (!sameVersion(await this.#currentHashVersion(namespace, set.collection, read.keyHash), read.version)) {
                    return 'MVCC_READ_CONFLICT';
                }
            }
        }
        for (const range of rangeReads) {
            if (!(await this.#rangeUnchanged(namespace, range))) {
                return 'PHANTOM_READ_CONFLICT';
            }
        }
        return 'VALID';
    }

    #record(transaction: TransactionEnvelope['transaction'], version: Version): void {
        const { namespace, writes, collections } = transaction.readWriteSet;
        for (const write of writes) {
            this.#updates.set(publicKey(namespace, write.key), write.isDelete ? null : version);
        }
        for (const set of collections) {
            for (const write of set.writes) {
                this.#updates.set(hashKey(namespace, set.collection, write.keyHash), write.isDelete ? null : version);
            }
        }
    }

    async #currentVersion(namespace: string, key: string): Promise<Version | null> {
        const updated = this.#updates.get(publicKey(namespace, key));
        if (updated !== undefined) {
            return updated;
        }
        return (await this.#state.getState(namespace, key))?.version ?? null;
    }

    async #currentHashVersion(namespace: string, collection: string, keyHash: string): Promise<Version | null> {
        const updated = this.#updates.get(hashKey(namespace, collection, keyHash));
        if (updated !== undefined) {
            return updated;
        }
        return (await this.#state.getPrivateHash(namespace, collection, keyHash))?.version ?? null;
    }

    /** Re-runs a range against committed state plus this block's earlier writes. */
    async #rangeUnchanged(namespace: string, range: RangeRead): Promise<boolean> {
        const lastRead = range.results.at(-1)?.key;
        const upTo = (key: string) => range.exhausted || (lastRead !== undefined && key <= lastRead);
        const current = new Map<string, Version>();
        const cursor = this.#state.stateRange(namespace, range.startKey, range.endKey);
        try {
            for (let batch = await cursor.next(500); batch.length > 0; batch = await cursor.next(500)) {
                for (const entry of batch) {
                    current.set(entry.key, entry.version);
                }
                if (!range.exhausted && lastRead !== undefined && (batch.at(-1)?.key ?? '') > lastRead) {
                    break;
                }
            }
        } finally {
            await cursor.close();
        }
        const prefix = publicKey(namespace, '');
        for (const [key, version] of this.#updates) {
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
        return seen.every(([key, version], i) => {
            const read = range.results[i];
            return read !== undefined && key === read.key && sameVersion(version, read.version);
        });
    }
}

function publicKey(namespace: string, key: string): string {
    return `${namespace}\u0000${key}`;
}

function hashKey(namespace: string, collection: string, keyHash: string): string {
    return `${namespace}\u0001${collection}\u0000${keyHash}`;
}
