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
});
