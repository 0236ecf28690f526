import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WalCheckpointer } from './wal-checkpointer';

describe('WalCheckpointer', () => {
    let dir: string;

    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'coldtrace-wal-checkpointer-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('copies what a connection without automatic checkpoints committed into the database file, from its own thread', async () => {
        const path = join(dir, 'telemetry.db');
        const database = new Database(path);
        database.pragma('journal_mode = WAL');
        database.pragma('wal_autocheckpoint = 0');
        database.exec('CREATE TABLE readings (seq INTEGER PRIMARY KEY, body TEXT NOT NULL)');
        const insert = database.prepare('INSERT INTO readings (seq, body) VALUES (?, ?)');
        database.transaction(() => {
            for (let seq = 0; seq < 2_000; seq++) {
                insert.run(seq, 'x'.repeat(200));
            }
        })();
        const before = statSync(path).size;
        const checkpointer = new WalCheckpointer(path, { intervalMs: 10 });
        // Polls the file, not the clock: the thread's first checkpoint grows it by the log's pages.
        while (statSync(path).size === before) {
            await new Promise((resolve) => setImmediate(resolve));
        }
        await checkpointer.close();
        assert.equal(checkpointer.lastError, undefined);
        assert.ok(statSync(path).size > before + 2_000 * 200, 'the committed rows are in the database file');
        // Everything stays readable, and this connection's next commit may reuse the log from its start.
        insert.run(2_000, 'y');
        assert.equal(database.prepare('SELECT COUNT(*) FROM readings').pluck().get(), 2_001);
        database.close();
    });

    it('closes even when it never ran a checkpoint', async () => {
        const path = join(dir, 'empty.db');
        const database = new Database(path);
        database.pragma('journal_mode = WAL');
        const checkpointer = new WalCheckpointer(path, { intervalMs: 60_000 });
        await checkpointer.close();
        database.close();
        assert.equal(checkpointer.lastError, undefined);
    });
});
