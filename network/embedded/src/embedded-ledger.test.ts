import assert from 'node:assert/strict';
import { ChaincodeRejectedError, EndorsementMismatchError, TransactionInvalidatedError, AccessDeniedError, PrivateDataEndorsementError } from './errors/ledger-errors';
import type { ChaincodeEvent } from './events/chaincode-event';
import type { Identity } from './identity';
import { createCertificateAuthority } from './identity';
import { openFixtureLedger, text } from './testing/fixture-ledger';
import type { EmbeddedLedger } from './embedded-ledger';

describe('EmbeddedLedger (Fabric semantics)', () => {
    let ledger: EmbeddedLedger;
    let cleanup: () => Promise<void>;
    let alice: Identity;
    let bob: Identity;

    beforeEach(async () => {
        ({ ledger, cleanup } = await openFixtureLedger());
        alice = await ledger.enroll('Org1MSP', 'alice', { 'coldtrace.role': 'detector' });
        bob = await ledger.enroll('Org2MSP', 'bob');
    });

    afterEach(() => cleanup());

    it('commits a write into a new block and reads it back', async () => {
        const result = await ledger.submit(alice, 'kv:put', ['k1', 'v1']);
        assert.equal(result.blockNumber, 0);
        assert.equal(ledger.height, 1);
        assert.equal(text(await ledger.evaluate(bob, 'kv:get', ['k1'])), 'v1');
    });

    it('does not let a transaction read its own writes', async () => {
        await ledger.submit(alice, 'kv:put', ['k', 'old']);
        const read = text((await ledger.submit(alice, 'kv:putThenGet', ['k', 'new'])).payload);
        assert.equal(read, 'old');
        assert.equal(text(await ledger.evaluate(alice, 'kv:get', ['k'])), 'new');
    });

    it('evaluate writes nothing', async () => {
        await ledger.evaluate(alice, 'kv:put', ['k', 'v']);
        assert.equal(ledger.height, 0);
        assert.equal(text(await ledger.evaluate(alice, 'kv:get', ['k'])), '');
    });

    it('passes the creator identity, MSP and certificate attributes to the chaincode', async () => {
        const me = JSON.parse(text(await ledger.evaluate(alice, 'kv:whoAmI', [])));
        assert.equal(me.mspId, 'Org1MSP');
        assert.match(me.id, /CN=alice/);
        assert.equal(me.role, 'detector');
    });

    it('gives the chaincode the client timestamp of the proposal', async () => {
        const before = Date.now();
        const at = Date.parse(text(await ledger.evaluate(alice, 'kv:txTime', [])));
        assert.ok(at >= before - 1000 && at <= Date.now() + 1000);
    });

    it('rejects a chaincode error with its message and writes nothing', async () => {
        await assert.rejects(ledger.submit(alice, 'kv:fail', ['FORBIDDEN: nope']), (error: unknown) => {
            assert.ok(error instanceof ChaincodeRejectedError);
            assert.match(error.message, /FORBIDDEN: nope/);
            return true;
        });
        assert.equal(ledger.height, 0);
        assert.equal(text(await ledger.evaluate(alice, 'kv:get', ['never'])), '');
    });

    it('invalidates the loser of two concurrent read-modify-writes with MVCC_READ_CONFLICT', async () => {
        await ledger.submit(alice, 'kv:increment', ['counter']);
        const outcomes = await Promise.allSettled([ledger.submit(alice, 'kv:increment', ['counter']), ledger.submit(bob, 'kv:increment', ['counter'])]);
        const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        const [loser] = failed;
        assert.equal(failed.length, 1);
        assert.ok(loser?.reason instanceof TransactionInvalidatedError);
        assert.equal(loser.reason.code, 'MVCC_READ_CONFLICT');
        assert.equal(text(await ledger.evaluate(alice, 'kv:get', ['counter'])), '2');
        // The invalid transaction stays in its block, marked, and wrote nothing.
        const { block } = await ledger.block(loser.reason.blockNumber);
        const index = block.data.findIndex((tx) => tx.txId === loser.reason.txId);
        assert.equal(block.metadata.validationCodes[index], 'MVCC_READ_CONFLICT');
    });

    it('detects phantom reads in range queries', async () => {
        await ledger.submit(alice, 'kv:put', ['r1', 'x']);
        const outcomes = await Promise.allSettled([ledger.submit(alice, 'kv:countInto', ['r', 's', 'count']), ledger.submit(bob, 'kv:put', ['r2', 'y'])]);
        const codes = outcomes.map((o) => (o.status === 'fulfilled' ? 'VALID' : (o.reason as TransactionInvalidatedError).code));
        // Whichever was ordered first wins; if the insert came first, the count is a phantom read.
        const block = await ledger.block(1);
        if (block.block.data[0]?.args[0] === 'kv:put') {
            assert.deepEqual(codes, ['PHANTOM_READ_CONFLICT', 'VALID']);
        } else {
            assert.deepEqual(codes, ['VALID', 'VALID']);
        }
    });

    it('answers range and partial composite key queries in key order, across result batches', async () => {
        for (let i = 0; i < 250; i += 50) {
            await Promise.all(Array.from({ length: 50 }, (_, j) => ledger.submit(alice, 'kv:put', [`n${String(i + j).padStart(3, '0')}`, 'v'])));
        }
        const keys = JSON.parse(text(await ledger.evaluate(alice, 'kv:range', ['n', 'o'])));
        assert.equal(keys.length, 250);
        assert.deepEqual(keys, [...keys].sort());
        await ledger.submit(alice, 'kv:putComposite', ['item', 'b', '2']);
        await ledger.submit(alice, 'kv:putComposite', ['item', 'a', '1']);
        await ledger.submit(alice, 'kv:putComposite', ['other', 'a', '9']);
        assert.deepEqual(JSON.parse(text(await ledger.evaluate(alice, 'kv:partial', ['item', '']))), ['a/1', 'b/2']);
        assert.deepEqual(JSON.parse(text(await ledger.evaluate(alice, 'kv:partial', ['item', 'a']))), ['a/1']);
        // Composite keys live in their own namespace: a plain range never returns them.
        assert.equal(JSON.parse(text(await ledger.evaluate(alice, 'kv:range', ['', '']))).length, 250);
    });

    it('pages range queries with bookmarks and refuses them in transactions that write', async () => {
        await Promise.all(['p1', 'p2', 'p3', 'p4', 'p5'].map((k) => ledger.submit(alice, 'kv:put', [k, 'v'])));
        const first = JSON.parse(text(await ledger.evaluate(alice, 'kv:page', ['p', 'q', '2', ''])));
        assert.deepEqual(first, { keys: ['p1', 'p2'], bookmark: 'p3', count: 2 });
        const last = JSON.parse(text(await ledger.evaluate(alice, 'kv:page', ['p', 'q', '2', 'p5'])));
        assert.deepEqual(last, { keys: ['p5'], bookmark: '', count: 1 });
        await assert.rejects(ledger.submit(alice, 'kv:pageThenPut', ['z']), /paginated queries are supported only in read-only transactions/);
    });

    it('keeps key history with deletes, newest first', async () => {
        const t1 = (await ledger.submit(alice, 'kv:put', ['h', 'one'])).txId;
        const t2 = (await ledger.submit(alice, 'kv:put', ['h', 'two'])).txId;
        const t3 = (await ledger.submit(alice, 'kv:del', ['h'])).txId;
        const history = JSON.parse(text(await ledger.evaluate(alice, 'kv:history', ['h'])));
        assert.deepEqual(history, [
            { txId: t3, isDelete: true, value: '' },
            { txId: t2, isDelete: false, value: 'two' },
            { txId: t1, isDelete: false, value: 'one' },
        ]);
    });

    it('enforces private data collection membership and keeps values out of blocks', async () => {
        await ledger.submit(alice, 'kv:putPrivate', ['secrets', 's1'], { transient: { value: 'top secret' } });
        assert.equal(text(await ledger.evaluate(alice, 'kv:getPrivate', ['secrets', 's1'])), 'top secret');
        await assert.rejects(ledger.evaluate(bob, 'kv:getPrivate', ['secrets', 's1']), /does not have read access permission on privatedata/);
        await assert.rejects(ledger.submit(bob, 'kv:putPrivate', ['secrets', 's2'], { transient: { value: 'x' } }), /does not have write access permission/);
        // Everybody may read the hash, which is what the block carries.
        const hash = text(await ledger.evaluate(bob, 'kv:getPrivateHash', ['secrets', 's1']));
        assert.match(hash, /^[0-9a-f]{64}$/);
        const stored = await ledger.block(0);
        assert.ok(!JSON.stringify(stored.block).includes(Buffer.from('top secret').toString('base64')));
        assert.equal(stored.block.data[0]?.readWriteSet.collections[0]?.writes[0]?.valueHash, hash);
    });

    it('has an implicit collection per organization: written with both owners endorsing, read only on the owner’s peer, hashes in the block', async () => {
        const both = '_implicit_org_Org1MSP,_implicit_org_Org2MSP';
        const transient = { value: 'shared price' };
        await assert.rejects(
            ledger.submit(alice, 'kv:putPrivateEach', [both, 'p1'], { transient }),
            (error: unknown) => error instanceof PrivateDataEndorsementError && /retry specifying trusted endorsing organizations/.test(error.message),
        );
        await assert.rejects(ledger.submit(alice, 'kv:putPrivateEach', [both, 'p1'], { transient, endorsingOrganizations: ['Org1MSP'] }), /ENDORSEMENT_POLICY_FAILURE: .*Org2MSP/);
        await assert.rejects(
            ledger.submit(alice, 'kv:putPrivateEach', [both, 'p1'], { transient, endorsingOrganizations: ['Org1MSP', 'Org9MSP'] }),
            /failed to find any endorsing peers for org\(s\): Org9MSP/,
        );
        await assert.rejects(ledger.submit(alice, 'kv:putPrivate', ['_implicit_org_Org9MSP', 'p1'], { transient }), /collection _implicit_org_Org9MSP could not be found/);
        assert.equal(ledger.height, 0, 'nothing was ordered');

        await ledger.submit(alice, 'kv:putPrivateEach', [both, 'p1'], { transient, endorsingOrganizations: ['Org1MSP', 'Org2MSP'] });
        assert.equal(text(await ledger.evaluate(alice, 'kv:getPrivate', ['_implicit_org_Org1MSP', 'p1'])), 'shared price');
        assert.equal(text(await ledger.evaluate(bob, 'kv:getPrivate', ['_implicit_org_Org2MSP', 'p1'])), 'shared price');
        // Alice's own peer has only the hash of Org2's copy and says so, as a Fabric peer does.
        await assert.rejects(
            ledger.evaluate(alice, 'kv:getPrivate', ['_implicit_org_Org2MSP', 'p1']),
            /private data matching public hash version is not available\. Public hash version = \{BlockNum: 0, TxNum: 0\}/,
        );
        assert.deepEqual(JSON.parse(text(await ledger.evaluate(alice, 'kv:privateKeys', ['_implicit_org_Org2MSP']))), []);
        assert.deepEqual(JSON.parse(text(await ledger.evaluate(bob, 'kv:privateKeys', ['_implicit_org_Org2MSP']))), ['p1']);
        // Fabric leaves the creator unchecked: a peer of the owner answers whoever asks it, so the chaincode must authorize.
        assert.equal(text(await ledger.evaluate(alice, 'kv:getPrivate', ['_implicit_org_Org2MSP', 'p1'], { endorsingOrganizations: ['Org2MSP'] })), 'shared price');
        assert.equal(text(await ledger.evaluate(alice, 'kv:getPrivate', ['_implicit_org_Org2MSP', 'p2'])), '', 'a key never written is just absent');

        const stored = await ledger.block(0);
        assert.ok(!JSON.stringify(stored.block).includes(Buffer.from('shared price').toString('base64')));
        assert.deepEqual(
            stored.block.data[0]?.readWriteSet.collections.map((set) => set.collection),
            ['_implicit_org_Org1MSP', '_implicit_org_Org2MSP'],
        );
        const hash = text(await ledger.evaluate(bob, 'kv:getPrivateHash', ['_implicit_org_Org1MSP', 'p1']));
        assert.equal(stored.block.data[0]?.readWriteSet.collections[0]?.writes[0]?.valueHash, hash);
        assert.deepEqual(await ledger.verify().then((check) => check.ok), true);
    });

    it('rejects a non-deterministic transaction when the two endorsements differ', async () => {
        await assert.rejects(ledger.submit(alice, 'kv:random', ['r']), (error: unknown) => error instanceof EndorsementMismatchError);
        assert.equal(ledger.height, 0);
    });

    it('delivers chaincode events after commit and replays them from a checkpoint', async () => {
        const live: ChaincodeEvent[] = [];
        const stop = await ledger.subscribe((event) => live.push(event));
        const { blockNumber } = await ledger.submit(alice, 'kv:put', ['e1', 'v1']);
        const [event] = live;
        assert.equal(live.length, 1);
        assert.ok(event);
        assert.equal(event.eventName, 'Put');
        assert.equal(event.blockNumber, blockNumber);
        assert.deepEqual(JSON.parse(text(event.payload)), { key: 'e1', value: 'v1' });
        stop();
        await ledger.submit(alice, 'kv:put', ['e2', 'v2']);
        assert.equal(live.length, 1);
        const replayed: ChaincodeEvent[] = [];
        await ledger.subscribe((event) => replayed.push(event), { startBlock: 0 });
        assert.deepEqual(
            replayed.map((e) => JSON.parse(text(e.payload)).key),
            ['e1', 'e2'],
        );
    });

    it('refuses identities from an unknown CA and proposals with a wrong signature', async () => {
        const rogueCa = await createCertificateAuthority('Org1MSP');
        const mallory = await rogueCa.enroll('mallory');
        await assert.rejects(ledger.submit(mallory, 'kv:put', ['k', 'v']), (error: unknown) => error instanceof AccessDeniedError);
        const forged = { ...alice, privateKey: bob.privateKey };
        await assert.rejects(ledger.submit(forged, 'kv:put', ['k', 'v']), /signature does not verify/);
        assert.equal(ledger.height, 0);
    });

    it('refuses the same creators on evaluate, where in-process proposals go unsigned, and a revoked one after it was let in', async () => {
        const rogueCa = await createCertificateAuthority('Org1MSP');
        await assert.rejects(ledger.evaluate(await rogueCa.enroll('mallory'), 'kv:get', ['k']), AccessDeniedError);
        // A key that is not the certificate's: the proposal is signed and its signature fails.
        await assert.rejects(ledger.evaluate({ ...alice, privateKey: bob.privateKey }, 'kv:get', ['k']), /signature does not verify/);
        await assert.rejects(ledger.evaluate({ ...alice, mspId: 'Org2MSP' }, 'kv:get', ['k']), AccessDeniedError);
        assert.equal(text(await ledger.evaluate(alice, 'kv:get', ['k'])), '');
        await ledger.revoke('Org1MSP', alice.certificate);
        await assert.rejects(ledger.evaluate(alice, 'kv:get', ['k']), /revoked/);
    });

    it('cuts concurrent submissions into shared blocks', async () => {
        const results = await Promise.all(Array.from({ length: 40 }, (_, i) => ledger.submit(alice, 'kv:put', [`c${i}`, 'v'])));
        const blocks = new Set(results.map((r) => r.blockNumber));
        assert.ok(blocks.size < 40, `expected shared blocks, got ${blocks.size}`);
        assert.equal((await ledger.verify()).ok, true);
    });
});
