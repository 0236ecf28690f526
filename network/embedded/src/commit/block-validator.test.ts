import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeBlock, type LedgerTransaction } from '../blocks/block';
import type { TransactionEnvelope } from '../client/transaction-envelope';
import { type Identity, openOrCreateMspRegistry, sign } from '../identity';
import type { PrivateWrite, ReadWriteSet } from '../simulation/read-write-set';
import { CollectionConfig } from '../state/collection-config';
import { StateDb } from '../state/state-db';
import { commitBlock } from './block-committer';
import { BlockValidator } from './block-validator';
import { createEndorsementPolicy, type EndorsementPolicy } from './endorsement-policy';

const NS = 'cc';
const ORGS = ['Org1MSP', 'Org2MSP'];

describe('BlockValidator', () => {
    let dir: string;
    let state: StateDb;
    let alice: Identity;
    let policy: EndorsementPolicy;
    let nextTx = 0;
    let committedTxId: string;

    /** A transaction signed by alice over its own proposal bytes, endorsed by two peers of her organization. */
    function envelope(readWriteSet: Partial<ReadWriteSet>, overrides: Partial<TransactionEnvelope> = {}, privateWrites: PrivateWrite[] = []): TransactionEnvelope {
        const txId = `tx${nextTx++}`;
        const signedBytes = Buffer.from(`proposal ${txId}`);
        const transaction: LedgerTransaction = {
            txId,
            channel: 'ch',
            chaincode: NS,
            timestamp: { seconds: 0, nanos: 0 },
            creator: { mspId: alice.mspId, certificate: alice.certificate },
            signature: Buffer.from(sign(alice.privateKey, signedBytes)).toString('base64'),
            args: ['kv:put'],
            response: { status: 200, message: '', payload: '' },
            readWriteSet: { namespace: NS, reads: [], rangeReads: [], writes: [], collections: [], ...readWriteSet },
            endorsers: ['peer0', 'peer1'],
        };
        return { transaction, privateWrites, signedBytes, request: { creatorMsp: alice.mspId, hasTransientData: false }, ...overrides };
    }

    /** Commits a write of `key` in block `number`, as transaction 0 of that block; returns its id. */
    async function committed(number: number, key: string): Promise<string> {
        const tx = envelope({ writes: [{ key, isDelete: false, value: Buffer.from('v').toString('base64') }] }).transaction;
        await commitBlock(state, { block: makeBlock(number, '', [tx], ['VALID']), privateData: {} }, { offset: 0, length: 0 });
        return tx.txId;
    }

    before(async () => {
        dir = mkdtempSync(join(tmpdir(), 'coldtrace-validator-'));
        const identities = await openOrCreateMspRegistry(join(dir, 'msp'), ORGS);
        alice = await identities.get('Org1MSP').enroll('alice');
        const known = new Set(ORGS);
        policy = createEndorsementPolicy({ requiredPeers: 2, collections: new CollectionConfig([], (mspId) => known.has(mspId)) });
    });

    beforeEach(async () => {
        state = await StateDb.open(join(dir, `state-${nextTx}`));
        committedTxId = await committed(0, 'k');
    });

    afterEach(() => state.close());

    after(() => rmSync(dir, { recursive: true, force: true }));

    it('accepts a transaction whose reads are current, signed by its creator and endorsed as the policy asks', async () => {
        const codes = await new BlockValidator(state, policy).validate(1, [
            envelope({
                reads: [
                    { key: 'k', version: { block: 0, tx: 0 } },
                    { key: 'absent', version: null },
                ],
            }),
        ]);
        assert.deepEqual(codes, ['VALID']);
    });

    it('invalidates a read of a version that has since changed with MVCC_READ_CONFLICT', async () => {
        await committed(1, 'k');
        const codes = await new BlockValidator(state, policy).validate(2, [envelope({ reads: [{ key: 'k', version: { block: 0, tx: 0 } }] })]);
        assert.deepEqual(codes, ['MVCC_READ_CONFLICT']);
    });

    it('lets the first of two read-modify-writes in one block win; the second read a version the first replaced', async () => {
        const readModifyWrite = () => envelope({ reads: [{ key: 'k', version: { block: 0, tx: 0 } }], writes: [{ key: 'k', isDelete: false, value: 'eA==' }] });
        const codes = await new BlockValidator(state, policy).validate(1, [readModifyWrite(), readModifyWrite()]);
        assert.deepEqual(codes, ['VALID', 'MVCC_READ_CONFLICT']);
    });

    it('catches a key that appeared inside a range the transaction iterated with PHANTOM_READ_CONFLICT', async () => {
        const ranged = envelope({ rangeReads: [{ startKey: 'a', endKey: 'z', exhausted: true, results: [{ key: 'k', version: { block: 0, tx: 0 } }] }] });
        const codes = await new BlockValidator(state, policy).validate(1, [envelope({ writes: [{ key: 'm', isDelete: false, value: 'eA==' }] }), ranged]);
        assert.deepEqual(codes, ['VALID', 'PHANTOM_READ_CONFLICT']);
    });

    it('fails a transaction endorsed by fewer peers than the policy requires with ENDORSEMENT_POLICY_FAILURE', async () => {
        const lonely = envelope({});
        lonely.transaction.endorsers = ['peer0'];
        const twice = envelope({});
        twice.transaction.endorsers = ['peer0', 'peer0'];
        const codes = await new BlockValidator(state, policy).validate(1, [lonely, twice]);
        assert.deepEqual(codes, ['ENDORSEMENT_POLICY_FAILURE', 'ENDORSEMENT_POLICY_FAILURE']);
    });

    it("fails a write to another organization's implicit collection without that organization's endorsement", async () => {
        const write: PrivateWrite = { collection: '_implicit_org_Org2MSP', key: 'p', isDelete: false, value: 'eA==' };
        const named = envelope({}, {}, [write]);
        named.request = { creatorMsp: 'Org1MSP', named: ['Org1MSP'], hasTransientData: true };
        const endorsedByOwner = envelope({}, {}, [write]);
        endorsedByOwner.request = { creatorMsp: 'Org1MSP', named: ['Org1MSP', 'Org2MSP'], hasTransientData: true };
        const codes = await new BlockValidator(state, policy).validate(1, [named, endorsedByOwner]);
        assert.deepEqual(codes, ['ENDORSEMENT_POLICY_FAILURE', 'VALID']);
    });

    it('fails a transaction whose signature is not its creator’s over the signed bytes with BAD_CREATOR_SIGNATURE, and applies none of its writes', async () => {
        const tampered = envelope({ writes: [{ key: 'k', isDelete: false, value: 'eA==' }] });
        tampered.signedBytes = Buffer.from('another proposal');
        const garbage = envelope({});
        garbage.transaction.signature = Buffer.from('not a signature').toString('base64');
        const after = envelope({ reads: [{ key: 'k', version: { block: 0, tx: 0 } }] });
        const codes = await new BlockValidator(state, policy).validate(1, [tampered, garbage, after]);
        assert.deepEqual(codes, ['BAD_CREATOR_SIGNATURE', 'BAD_CREATOR_SIGNATURE', 'VALID']);
    });

    it('refuses a transaction id seen before, in this block or an earlier one, with DUPLICATE_TXID', async () => {
        const first = envelope({});
        const again = { ...first };
        const codes = await new BlockValidator(state, policy).validate(1, [first, again]);
        assert.deepEqual(codes, ['VALID', 'DUPLICATE_TXID']);
        const earlier = envelope({});
        earlier.transaction = { ...earlier.transaction, txId: committedTxId };
        earlier.transaction.signature = Buffer.from(sign(alice.privateKey, earlier.signedBytes)).toString('base64');
        assert.deepEqual(await new BlockValidator(state, policy).validate(1, [earlier]), ['DUPLICATE_TXID']);
    });
});
