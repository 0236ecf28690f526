import { sha256Hex } from '@coldtrace/chaincode/sha256';
import type { StateDb } from '../state/state-db';
import { blockDataHash, blockHash, type StoredBlock } from './block';
import type { BlockStore } from './block-store';

/** The outcome of walking the chain. */
export interface ChainVerification {
    ok: boolean;
    height: number;
    blocksChecked: number;
    /** The first block that does not match the chain, when `ok` is false. */
    firstInvalidBlock?: number;
    reason?: string;
}

/**
 * Walks every block from genesis: each must parse, carry its own number, hash its data to its
 * header's data hash, point at the previous header's hash, and hold private data that hashes to
 * what its read-write sets recorded. The last header must hash to the savepoint the state database
 * kept, so even the newest block cannot be edited unnoticed.
 *
 * @example
 * const result = await verifyChain(blocks, state);
 * if (!result.ok) console.log(`block ${result.firstInvalidBlock}: ${result.reason}`);
 */
export async function verifyChain(blocks: BlockStore, state: StateDb): Promise<ChainVerification> {
    const { height, lastHash } = await state.savepoint();
    let previousHash = '';
    for (let number = 0; number < height; number++) {
        const fail = (reason: string): ChainVerification => ({ ok: false, height, blocksChecked: number, firstInvalidBlock: number, reason });
        const location = await state.blockLocation(number);
        if (!location) {
            return fail('block is missing from the block index');
        }
        let stored: StoredBlock;
        try {
            stored = blocks.read(location);
        } catch (error) {
            return fail(`block is unreadable: ${(error as Error).message}`);
        }
        const problem = checkBlock(stored, number, previousHash);
        if (problem) {
            return fail(problem);
        }
        previousHash = blockHash(stored.block.header);
    }
    if (previousHash !== lastHash) {
        return { ok: false, height, blocksChecked: height, firstInvalidBlock: height - 1, reason: 'last block does not hash to the committed savepoint' };
    }
    return { ok: true, height, blocksChecked: height };
}

function checkBlock(stored: StoredBlock, number: number, previousHash: string): string | undefined {
    const { header, data } = stored.block;
    if (header.number !== number) {
        return `block claims number ${header.number}`;
    }
    if (header.previousHash !== previousHash) {
        return 'previous-hash link does not match the previous block';
    }
    if (blockDataHash(data) !== header.dataHash) {
        return 'transactions do not hash to the header data hash';
    }
    for (const [index, writes] of Object.entries(stored.privateData)) {
        const hashed = data[Number(index)]?.readWriteSet.collections ?? [];
        for (const write of writes) {
            const keyHash = sha256Hex(write.key);
            const recorded = hashed.find((set) => set.collection === write.collection)?.writes.find((w) => w.keyHash === keyHash);
            const valueHash = write.value === undefined ? undefined : sha256Hex(Buffer.from(write.value, 'base64'));
            if (!recorded || recorded.valueHash !== valueHash) {
                return `private data of transaction ${index} does not match its on-chain hash`;
            }
        }
    }
    return undefined;
}
