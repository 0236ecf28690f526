import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateDb } from './state-db';

describe('StateDb reads', () => {
    let dir: string;
    let db: StateDb;

    beforeEach(async () => {
        dir = mkdtempSync(join(tmpdir(), 'coldtrace-state-'));
        db = await StateDb.open(dir);
    });

    afterEach(async () => {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
    });

    async function put(key: string, value: string, block: number): Promise<void> {
        const batch = db.batch();
        batch.putState('cc', key, { block, tx: 0 }, Buffer.from(value));
        await batch.write();
    }

    it('answers a key read again from what it read, and the committed value again once a batch wrote it', async () => {
        assert.equal(await db.getState('cc', 'k'), undefined);
        await put('k', 'one', 1);
        const first = await db.getState('cc', 'k');
        assert.equal(first?.value.toString(), 'one', 'a key read absent is read again after a write');
        assert.equal(await db.getState('cc', 'k'), first);
        await put('k', 'two', 2);
        assert.deepEqual(await db.getState('cc', 'k'), { value: Buffer.from('two'), version: { block: 2, tx: 0 } });
        const batch = db.batch();
        batch.deleteState('cc', 'k');
        await batch.write();
        assert.equal(await db.getState('cc', 'k'), undefined);
    });

    async function readRange(startKey: string, endKey: string, count = 10): Promise<string[]> {
        const cursor = db.stateRange('cc', startKey, endKey);
        try {
            const entries = await cursor.next(count);
            return entries.map((entry) => `${entry.key}=${entry.value.toString()}@${entry.version.block}`);
        } finally {
            await cursor.close();
        }
    }

    it('answers a small range read to its end again as it was, and the committed entries again once a batch wrote', async () => {
        assert.deepEqual(await readRange('a\u0000', 'a\u0001'), [], 'an empty range');
        assert.deepEqual(await readRange('a\u0000', 'a\u0001'), [], 'the empty range again');
        await put('a\u00001', 'one', 1);
        assert.deepEqual(await readRange('a\u0000', 'a\u0001'), ['a\u00001=one@1'], 'a write is seen by the next range');
        await put('a\u00002', 'two', 2);
        assert.deepEqual(await readRange('a\u0000', 'a\u0001'), ['a\u00001=one@1', 'a\u00002=two@2']);
        assert.deepEqual(await readRange('a\u0000', 'a\u0001'), ['a\u00001=one@1', 'a\u00002=two@2'], 'the same range again');
        assert.deepEqual(await readRange('a\u0000', 'a\u0001', 1), ['a\u00001=one@1'], 'a part of a kept range, as far as asked');
        assert.deepEqual(await readRange('a\u00002', ''), ['a\u00002=two@2'], 'other bounds, other entries');
        const batch = db.batch();
        batch.deleteState('cc', 'a\u00001');
        await batch.write();
        assert.deepEqual(await readRange('a\u0000', 'a\u0001'), ['a\u00002=two@2'], 'a deleted key is gone from the next range');
    });

    it('does not keep a range whose reading a write crossed', async () => {
        await put('b1', 'one', 1);
        const cursor = db.stateRange('cc', 'b', 'c');
        // The iterator reads from its snapshot; what it saw must not outlive the write.
        await put('b2', 'two', 2);
        assert.deepEqual(
            (await cursor.next(10)).map((entry) => entry.key),
            ['b1'],
        );
        await cursor.close();
        assert.deepEqual(await readRange('b', 'c'), ['b1=one@1', 'b2=two@2']);
    });
});
