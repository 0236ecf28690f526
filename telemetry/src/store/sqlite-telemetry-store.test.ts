import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteTelemetryStore } from './sqlite-telemetry-store';

// What every store does is in telemetry-store.test.ts, run on SQLite and PostgreSQL; this is SQLite's own.
describe('SqliteTelemetryStore', () => {
    let dir: string;

    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'coldtrace-store-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('keeps the database and its WAL files owner-only (0600): readings carry GPS positions (issue 12, row 15)', async () => {
        const path = join(dir, 'telemetry.db');
        const store = SqliteTelemetryStore.open(path, { windowMinutes: 15, graceMs: 60_000 });
        await store.insert([{ sensorId: 'T-1', seq: 0, ts: '2026-11-20T10:01:00.000Z', tempC: 4, lat: 52, lon: 4, shipmentId: 'S-1', receivedAt: '2026-11-20T10:01:01.000Z' }]);
        for (const file of [path, `${path}-wal`, `${path}-shm`]) {
            assert.ok(existsSync(file), `${file} was not written`);
            assert.equal(statSync(file).mode & 0o777, 0o600, file);
        }
        await store.close();
        // A database from before, world-readable, is narrowed when it is opened.
        const older = join(dir, 'older.db');
        writeFileSync(older, '', { mode: 0o644 });
        await SqliteTelemetryStore.open(older).close();
        assert.equal(statSync(older).mode & 0o777, 0o600);
    });
});
