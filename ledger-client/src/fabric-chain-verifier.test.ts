import assert from 'node:assert/strict';
import { sha256 } from '@coldtrace/chaincode/sha256';
import { common } from '@hyperledger/fabric-protos';
import { verifyFabricChain } from './fabric-chain-verifier';

/** DER of a block header as Fabric hashes it, written out by hand for a small number. */
function headerHash(number: number, previousHash: Uint8Array, dataHash: Uint8Array): Buffer {
    const integer = Buffer.from([0x02, 0x01, number]);
    const octets = (bytes: Uint8Array) => Buffer.concat([Buffer.from([0x04, bytes.length]), Buffer.from(bytes)]);
    const body = Buffer.concat([integer, octets(previousHash), octets(dataHash)]);
    return sha256(Buffer.concat([Buffer.from([0x30, body.length]), body]));
}

function chain(length: number): Uint8Array[] {
    const blocks: Uint8Array[] = [];
    let previous: Uint8Array = new Uint8Array();
    for (let number = 0; number < length; number++) {
        const entries = [Buffer.from(`tx ${number}a`), Buffer.from(`tx ${number}b`)];
        const dataHash = sha256(Buffer.concat(entries));
        const header = new common.BlockHeader();
        header.setNumber(number);
        header.setPreviousHash(previous);
        header.setDataHash(dataHash);
        const data = new common.BlockData();
        data.setDataList(entries);
        const block = new common.Block();
        block.setHeader(header);
        block.setData(data);
        blocks.push(block.serializeBinary());
        previous = headerHash(number, previous, dataHash);
    }
    return blocks;
}

/** One block of a test chain; the verifier never asks beyond the height it is given. */
function blockAt(blocks: readonly Uint8Array[], number: number): Uint8Array {
    const block = blocks[number];
    assert.ok(block, `the test chain has no block ${number}`);
    return block;
}

describe('verifyFabricChain', () => {
    it('accepts an intact chain', async () => {
        const blocks = chain(5);
        assert.deepEqual(await verifyFabricChain(5, async (n) => blockAt(blocks, n)), { ok: true, height: 5, checkedBlocks: 5 });
    });

    it('names the first block whose data was changed', async () => {
        const blocks = chain(5);
        const block = common.Block.deserializeBinary(blockAt(blocks, 3));
        block.getData()!.setDataList([Buffer.from('tx 3a'), Buffer.from('tx 3B')]);
        blocks[3] = block.serializeBinary();
        const result = await verifyFabricChain(5, async (n) => blockAt(blocks, n));
        assert.equal(result.ok, false);
        assert.equal(result.firstBadBlock, 3);
        assert.match(result.reason!, /data does not hash/);
    });

    it('names a block whose header no longer links to its predecessor', async () => {
        const blocks = chain(4);
        const block = common.Block.deserializeBinary(blockAt(blocks, 1));
        block.getHeader()!.setDataHash(sha256(Buffer.from('forged')));
        block.getData()!.setDataList([Buffer.from('forged')]);
        blocks[1] = block.serializeBinary();
        const result = await verifyFabricChain(4, async (n) => blockAt(blocks, n));
        assert.equal(result.firstBadBlock, 2);
        assert.match(result.reason!, /does not point at the hash of block 1/);
    });
});
