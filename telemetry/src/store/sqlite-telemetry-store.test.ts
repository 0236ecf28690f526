import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteTelemetryStore } from './sqlite-telemetry-store';
import type { StoredReading } from './telemetry-store';

describe('SqliteTelemetryStore', () => {
    let dir: string;
    let store: SqliteTelemetryStore;
    const base = Date.UTC(2026, 10, 20, 10, 0);
    const reading = (seq: number, minute: number, tempC = 4): StoredReading => ({
        sensorId: 'T-1',
        seq,
        ts: new Date(base + minute * 60_000).toISOString(),
        tempC,
        lat: 52,
        lon: 4,
        shipmentId: 'S-1',
        receivedAt: new Date().toISOString(),
    });

    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'coldtrace-store-'));
        store = SqliteTelemetryStore.open(join(dir, 'telemetry.db'), { windowMinutes: 15, graceMs: 60_000 });
    });
    afterEach(() => {
        store.close();
        rmSync(dir, { recursive: true, force: true });
    });

    it('keeps the database and its WAL files owner-only (0600): readings carry GPS positions (issue 12, row 15)', () => {
        store.insert([reading(0, 1)]);
        const path = join(dir, 'telemetry.db');
        for (const file of [path, `${path}-wal`, `${path}-shm`]) {
            assert.ok(existsSync(file), `${file} was not written`);
            assert.equal(statSync(file).mode & 0o777, 0o600, file);
        }
        // A database from before, world-readable, is narrowed when it is opened.
        const older = join(dir, 'older.db');
        writeFileSync(older, '', { mode: 0o644 });
        SqliteTelemetryStore.open(older).close();
        assert.equal(statSync(older).mode & 0o777, 0o600);
    });

    it('stores a reading once, whatever the number of deliveries', () => {
        assert.equal(store.insert([reading(0, 1), reading(1, 2)]).length, 2);
        assert.equal(store.insert([reading(1, 2), reading(0, 1)]).length, 0);
        assert.deepEqual(store.readings('S-1').map((r) => r.seq), [0, 1]);
    });

    it('pages readings in event-time order', () => {
        store.insert([reading(2, 3), reading(0, 1), reading(1, 2)]);
        const first = store.readings('S-1', { limit: 2 });
        assert.deepEqual(first.map((r) => r.seq), [0, 1]);
        const last = first[first.length - 1];
        assert.deepEqual(store.readings('S-1', { after: { ts: last.ts, sensorId: last.sensorId, seq: last.seq } }).map((r) => r.seq), [2]);
    });

    it('answers a shipment’s newest reading by its own time, whichever sensor took it and whenever it arrived', () => {
        assert.equal(store.lastReading('S-1'), undefined);
        store.insert([reading(1, 5), { ...reading(0, 9), sensorId: 'T-2', lat: 53.5, lon: 10 }, reading(2, 3)]);
        const last = store.lastReading('S-1');
        assert.deepEqual([last?.sensorId, last?.lat, last?.lon, last?.ts], ['T-2', 53.5, 10, new Date(base + 9 * 60_000).toISOString()]);
        assert.equal(store.lastReading('S-2'), undefined);
    });

    it('closes a window when the sensor’s own clock passes its end plus the grace period', () => {
        store.insert([reading(0, 1, 3), reading(1, 14, 9)]);
        assert.deepEqual(store.windowsReadyToAnchor(new Date(base)), []);
        store.insert([reading(2, 16)]);
        const [ready, ...others] = store.windowsReadyToAnchor(new Date(base));
        assert.equal(others.length, 0);
        assert.deepEqual({ ...ready, merkleRoot: undefined }, {
            shipmentId: 'S-1',
            sensorId: 'T-1',
            windowStart: new Date(base).toISOString(),
            windowEnd: new Date(base + 15 * 60_000).toISOString(),
            count: 2,
            minC: 3,
            maxC: 9,
            merkleRoot: undefined,
        });
        store.markAnchored(ready, 'tx-1');
        assert.deepEqual(store.windowsReadyToAnchor(new Date(base)), []);
    });

    it('keeps a reading that arrives after its window was anchored outside the anchored digest', () => {
        store.insert([reading(0, 1), reading(2, 17)]);
        const [ready] = store.windowsReadyToAnchor(new Date(base));
        store.markAnchored(ready, 'tx-1');
        const [late] = store.insert([reading(1, 5, 12)]);
        assert.equal(late.lateAfterAnchor, true);
        assert.equal(store.windows('S-1')[0].merkleRoot, ready.merkleRoot);
    });

    it('names a reading edited in the database behind its back', () => {
        store.insert([reading(0, 1), reading(1, 2)]);
        const before = store.windows('S-1')[0];
        store.database.prepare('UPDATE readings SET temp_c = 5.5 WHERE seq = 1').run();
        const after = store.windows('S-1')[0];
        assert.notEqual(after.merkleRoot, before.merkleRoot);
        assert.deepEqual(store.alteredReadings(after).map((r) => r.seq), [1]);
    });
});
