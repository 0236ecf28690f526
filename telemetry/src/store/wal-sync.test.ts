import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MissingWalError, WalSync } from './wal-sync';

describe('WalSync', () => {
    let dir: string;

    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'coldtrace-wal-sync-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('flushes the log of a WAL database committed without syncing, as often as asked', async () => {
        const path = join(dir, 'telemetry.db');
        const database = new Database(path);
        database.pragma('journal_mode = WAL');
        database.pragma('synchronous = NORMAL');
        database.exec('CREATE TABLE readings (seq INTEGER PRIMARY KEY)');
        const wal = new WalSync(path);
        for (const seq of [1, 2, 3]) {
            database.prepare('INSERT INTO readings (seq) VALUES (?)').run(seq);
            await wal.sync();
        }
        // Another connection (as after a restart) reads every commit the syncs covered.
        const reader = new Database(path, { readonly: true });
        assert.deepEqual(reader.prepare('SELECT seq FROM readings ORDER BY seq').pluck().all(), [1, 2, 3]);
        reader.close();
        database.close();
        await wal.close();
        await wal.close();
    });

    it('refuses a database without a write-ahead log, every time it is asked, and closes without having synced', async () => {
        const path = join(dir, 'rollback.db');
        const database = new Database(path);
        database.pragma('journal_mode = DELETE');
        database.exec('CREATE TABLE readings (seq INTEGER PRIMARY KEY)');
        const wal = new WalSync(path);
        for (let attempt = 0; attempt < 2; attempt++) {
            await assert.rejects(wal.sync(), (error: Error) => error instanceof MissingWalError && error.message.includes(`${path}-wal`));
        }
        await wal.close();
        database.close();
        await new WalSync(join(dir, 'never-opened.db')).close();
    });
});
