import type { RecordLocation } from '../blocks/block-store';
import { blockHash, type StoredBlock } from '../blocks/block';
import type { StateBatch, StateDb } from '../state/state-db';

/**
 * Applies a validated block to the state database in one atomic, synced batch: world state,
 * private data and its hashes, key history, the transaction index, the block's location and the
 * savepoint. Replaying the same block again writes the same values, which is what recovery after a
 * crash relies on.
 *
 * @example
 * await commitBlock(state, stored, location);
 */
export async function commitBlock(state: StateDb, stored: StoredBlock, location: RecordLocation): Promise<void> {
    const batch = state.batch();
    try {
        addBlock(batch, stored, location);
    } catch (error) {
        await batch.discard();
        throw error;
    }
    await batch.write();
}

function addBlock(batch: StateBatch, stored: StoredBlock, location: RecordLocation): void {
    const { block, privateData } = stored;
    const number = block.header.number;
    for (const [index, transaction] of block.data.entries()) {
        const code = block.metadata.validationCodes[index];
        if (code === undefined) {
            throw new Error(`block ${number} has no validation code for transaction ${index}`);
        }
        if (code === 'DUPLICATE_TXID') {
            continue; // the first transaction with this id keeps its index entry
        }
        batch.indexTransaction(transaction.txId, { block: number, tx: index, code });
        if (code !== 'VALID') {
            continue;
        }
        const version = { block: number, tx: index };
        const { namespace, writes, collections } = transaction.readWriteSet;
        for (const write of writes) {
            const value = Buffer.from(write.value ?? '', 'base64');
            if (write.isDelete) {
                batch.deleteState(namespace, write.key);
            } else {
                batch.putState(namespace, write.key, version, value);
            }
            batch.addHistory(namespace, write.key, version, { txId: transaction.txId, timestamp: transaction.timestamp, isDelete: write.isDelete, value });
        }
        for (const set of collections) {
            for (const write of set.writes) {
                if (write.isDelete) {
                    batch.deletePrivateHash(namespace, set.collection, write.keyHash);
                } else {
                    batch.putPrivateHash(namespace, set.collection, write.keyHash, version, Buffer.from(write.valueHash ?? '', 'hex'));
                }
            }
        }
        for (const write of privateData[index] ?? []) {
            if (write.isDelete) {
                batch.deletePrivateData(namespace, write.collection, write.key);
            } else {
                batch.putPrivateData(namespace, write.collection, write.key, version, Buffer.from(write.value ?? '', 'base64'));
            }
        }
    }
    batch.indexBlock(number, location);
    batch.setSavepoint({ height: number + 1, lastHash: blockHash(block.header) });
}
