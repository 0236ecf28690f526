import { blockHash } from '../blocks/block';
import type { BlockStore } from '../blocks/block-store';
import { commitBlock } from '../commit/block-committer';
import type { Savepoint, StateDb } from '../state/state-db';

/**
 * Brings the state database level with the block file at open, as a Fabric peer replays the blocks
 * its state database missed after a crash: blocks that reached the file but not the state are
 * applied again (applying a block twice writes the same values); a record torn in the middle of an
 * append, or one that does not continue the chain, is cut off with everything after it.
 *
 * @example
 * const savepoint = await recoverLedger(state, blocks); // { height, lastHash } to continue from
 */
export async function recoverLedger(state: StateDb, blocks: BlockStore): Promise<Savepoint> {
    let savepoint = await state.savepoint();
    const last = savepoint.height > 0 ? await state.blockLocation(savepoint.height - 1) : undefined;
    const start = last ? last.offset + last.length : 0;
    let end = start;
    for (const { location, stored } of blocks.scan(start)) {
        const { header } = stored.block;
        if (header.number !== savepoint.height || header.previousHash !== savepoint.lastHash) {
            break;
        }
        await commitBlock(state, stored, location);
        savepoint = { height: header.number + 1, lastHash: blockHash(header) };
        end = location.offset + location.length;
    }
    if (blocks.byteLength > end) {
        blocks.truncate(end);
    }
    return savepoint;
}
