import assert from 'node:assert/strict';
import { canonicalJson } from '@coldtrace/chaincode/canonical-json';
import { blockDataHash, type LedgerTransaction, makeBlock, makeEncodedBlock, storedBlockRecord } from './block';

const transaction: LedgerTransaction = {
    txId: 'tx1',
    channel: 'coldtrace',
    chaincode: 'coldtrace',
    timestamp: { seconds: 1767225600, nanos: 5 },
    creator: { mspId: 'Org1MSP', certificate: 'PEM' },
    signature: 'c2ln',
    args: ['bulk:stock', '{}'],
    response: { status: 200, message: '', payload: 'e30=' },
    readWriteSet: {
        namespace: 'coldtrace',
        reads: [{ key: 'k', version: { block: 1, tx: 0 } }],
        rangeReads: [],
        writes: [{ key: 'k', isDelete: false, value: 'dg==' }],
        collections: [],
    },
    endorsers: ['peer0', 'peer1'],
};

describe('block', () => {
    it('hashes the canonical text of its data, whatever order the keys were built in', () => {
        const { block, dataBytes } = makeEncodedBlock(3, 'prev', [transaction], ['VALID']);
        assert.equal(dataBytes.toString('utf8'), canonicalJson([transaction]));
        assert.equal(block.header.dataHash, blockDataHash([transaction]));
        assert.deepEqual(makeBlock(3, 'prev', [transaction], ['VALID']), block);
    });

    it("writes a stored block's record from its data's text as the same JSON value as the block itself", () => {
        const { block, dataBytes } = makeEncodedBlock(0, '', [transaction], ['VALID']);
        const stored = { block, privateData: { 0: [{ collection: 'c', key: 'p', isDelete: false, value: 'eA==' }] } };
        assert.deepEqual(JSON.parse(Buffer.concat(storedBlockRecord(stored, dataBytes)).toString('utf8')), JSON.parse(JSON.stringify(stored)));
    });
});
