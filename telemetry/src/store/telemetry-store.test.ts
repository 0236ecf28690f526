import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { merkleRoot, readingLeaf } from './merkle';
import { PostgresTelemetryStore } from './postgres-telemetry-store';
import { ScratchPostgresDatabase, TEST_DATABASE_URL_VARIABLE } from './scratch-postgres-database';
import { SqliteTelemetryStore } from './sqlite-telemetry-store';
import type { StoredReading, TelemetryStore } from './telemetry-store';

/** A store under test, and a way to edit its rows behind its back (what tampering would do). */
interface StoreUnderTest {
    store: TelemetryStore;
    tamper(sql: string): Promise<void>;
    close(): Promise<void>;
}

const OPTIONS = { windowMinutes: 15, graceMs: 60_000 };

const backends: [string, () => Promise<StoreUnderTest>][] = [
    [
        'SQLite',
        async () => {
            const dir = mkdtempSync(join(tmpdir(), 'coldtrace-store-'));
            const path = join(dir, 'telemetry.db');
            const store = SqliteTelemetryStore.open(path, OPTIONS);
            return {
                store,
                tamper: async (sql) => {
                    const other = new Database(path);
                    other.prepare(sql).run();
                    other.close();
                },
                close: async () => {
                    await store.close();
                    rmSync(dir, { recursive: true, force: true });
                },
            };
        },
    ],
];
const serverUrl = process.env[TEST_DATABASE_URL_VARIABLE];
if (serverUrl) {
    backends.push([
        'PostgreSQL',
        async () => {
            const scratch = await ScratchPostgresDatabase.create(serverUrl);
            const store = await PostgresTelemetryStore.connect(scratch.url, OPTIONS);
            return {
                store,
                tamper: async (sql) => void (await scratch.query(sql)),
                close: async () => {
                    await store.close();
                    await scratch.drop();
                },
            };
        },
    ]);
}

const base = Date.UTC(2026, 10, 20, 10, 0);
const reading = (seq: number, minute: number, tempC = 4): StoredReading => ({
    sensorId: 'T-1',
    seq,
    ts: new Date(base + minute * 60_000).toISOString(),
    tempC,
    lat: 52,
    lon: 4,
    shipmentId: 'S-1',
    receivedAt: '2026-11-20T12:00:00.000Z',
});

for (const [name, open] of backends) {
    describe(`TelemetryStore on ${name}`, () => {
        let under: StoreUnderTest;
        let store: TelemetryStore;

        beforeEach(async () => {
            under = await open();
            store = under.store;
        });
        afterEach(() => under.close());

        it('stores a reading once, whatever the number of deliveries', async () => {
            assert.equal((await store.insert([reading(0, 1), reading(1, 2)])).length, 2);
            assert.equal((await store.insert([reading(1, 2), reading(0, 1)])).length, 0);
            assert.deepEqual(
                (await store.readings('S-1')).map((r) => r.seq),
                [0, 1],
            );
        });

        it('keeps the first of a (sensor, seq) even when a later copy names another time, in the same batch or after', async () => {
            const again = { ...reading(0, 40), tempC: 9 };
            assert.deepEqual(
                (await store.insert([reading(0, 1), again])).map((r) => r.tempC),
                [4],
            );
            assert.equal((await store.insert([{ ...again, ts: new Date(base + 60 * 86_400_000).toISOString() }])).length, 0);
            assert.deepEqual(
                (await store.readings('S-1')).map((r) => [r.seq, r.tempC]),
                [[0, 4]],
            );
        });

        it('gives back every field as it came, optional ones only when sent', async () => {
            const full = { ...reading(0, 1), humidity: 61.5, battery: 3.71, lat: 52.123456789, lon: -4.000001 };
            await store.insert([full, reading(1, 2)]);
            assert.deepEqual(await store.readings('S-1'), [full, reading(1, 2)]);
        });

        it('pages readings in event-time order, then sensor, then seq', async () => {
            await store.insert([reading(2, 3), reading(0, 1), reading(1, 2), { ...reading(0, 2), sensorId: 'T-0' }]);
            const first = await store.readings('S-1', { limit: 2 });
            assert.deepEqual(
                first.map((r) => [r.sensorId, r.seq]),
                [
                    ['T-1', 0],
                    ['T-0', 0],
                ],
            );
            const last = first.at(-1);
            assert.ok(last);
            const rest = await store.readings('S-1', { after: { ts: last.ts, sensorId: last.sensorId, seq: last.seq } });
            assert.deepEqual(
                rest.map((r) => [r.sensorId, r.seq]),
                [
                    ['T-1', 1],
                    ['T-1', 2],
                ],
            );
            assert.deepEqual(
                (await store.readings('S-1', { sensorId: 'T-1', from: reading(1, 2).ts, to: reading(2, 3).ts })).map((r) => r.seq),
                [1],
            );
        });

        it('orders sensor ids bytewise, as SQLite does, so cursors page alike on every store', async () => {
            await store.insert(['b', 'B', 'a', 'A'].map((sensorId, seq) => ({ ...reading(seq, 1), sensorId })));
            assert.deepEqual(
                (await store.readings('S-1')).map((r) => r.sensorId),
                ['A', 'B', 'a', 'b'],
            );
        });

        it('answers a shipment’s newest reading by its own time, whichever sensor took it and whenever it arrived', async () => {
            assert.equal(await store.lastReading('S-1'), undefined);
            await store.insert([reading(1, 5), { ...reading(0, 9), sensorId: 'T-2', lat: 53.5, lon: 10 }, reading(2, 3)]);
            const last = await store.lastReading('S-1');
            assert.deepEqual([last?.sensorId, last?.lat, last?.lon, last?.ts], ['T-2', 53.5, 10, new Date(base + 9 * 60_000).toISOString()]);
            assert.equal(await store.lastReading('S-2'), undefined);
        });

        it('gives detection a sensor’s readings after a checkpoint and its watermark', async () => {
            assert.equal(await store.watermark('S-1', 'T-1'), undefined);
            await store.insert([reading(2, 3, 7), reading(0, 1, 5), reading(1, 3, 6)]);
            assert.equal(await store.watermark('S-1', 'T-1'), base + 3 * 60_000);
            assert.deepEqual(await store.readingsAfter('S-1', 'T-1'), [
                { tsMs: base + 60_000, seq: 0, tempC: 5 },
                { tsMs: base + 3 * 60_000, seq: 1, tempC: 6 },
                { tsMs: base + 3 * 60_000, seq: 2, tempC: 7 },
            ]);
            assert.deepEqual(
                (await store.readingsAfter('S-1', 'T-1', { tsMs: base + 3 * 60_000, seq: 1 })).map((r) => r.seq),
                [2],
            );
            assert.deepEqual(
                (await store.readingsAfter('S-1', 'T-1', undefined, base + 2 * 60_000)).map((r) => r.seq),
                [0],
                'only readings taken at or before the upper bound',
            );
        });

        it('names each sensor’s newest reading per shipment, by its own time and then seq, for detection to resume from', async () => {
            assert.deepEqual(await store.heads(), []);
            await store.insert([reading(2, 3), reading(1, 3), reading(0, 9), { ...reading(5, 1), shipmentId: 'S-2' }, { ...reading(0, 2), sensorId: 'T-2' }]);
            const heads = (await store.heads()).sort((a, b) => `${a.shipmentId}${a.sensorId}`.localeCompare(`${b.shipmentId}${b.sensorId}`));
            assert.deepEqual(heads, [
                { shipmentId: 'S-1', sensorId: 'T-1', tsMs: base + 9 * 60_000, seq: 0 },
                { shipmentId: 'S-1', sensorId: 'T-2', tsMs: base + 2 * 60_000, seq: 0 },
                { shipmentId: 'S-2', sensorId: 'T-1', tsMs: base + 60_000, seq: 5 },
            ]);
        });

        it('closes a window when the sensor’s own clock passes its end plus the grace period', async () => {
            await store.insert([reading(0, 1, 3), reading(1, 14, 9)]);
            assert.deepEqual(await store.windowsReadyToAnchor(new Date(base)), []);
            await store.insert([reading(2, 16)]);
            const [ready, ...others] = await store.windowsReadyToAnchor(new Date(base));
            assert.equal(others.length, 0);
            assert.ok(ready);
            assert.deepEqual(
                { ...ready, merkleRoot: undefined },
                {
                    shipmentId: 'S-1',
                    sensorId: 'T-1',
                    windowStart: new Date(base).toISOString(),
                    windowEnd: new Date(base + 15 * 60_000).toISOString(),
                    count: 2,
                    minC: 3,
                    maxC: 9,
                    merkleRoot: undefined,
                },
            );
            await store.markAnchored(ready, 'tx-1');
            assert.deepEqual(await store.windowsReadyToAnchor(new Date(base)), []);
            // A silent sensor's window is anchored an hour of wall time after its end.
            assert.deepEqual(
                (await store.windowsReadyToAnchor(new Date(base + 90 * 60_000))).map((w) => w.windowStart),
                [new Date(base + 15 * 60_000).toISOString()],
            );
        });

        it('computes the same digest on every store: this root is the one SQLite and PostgreSQL both anchor', async () => {
            const inWindow = [{ ...reading(1, 5, 5.25), humidity: 40 }, reading(0, 1, -1.5), { ...reading(2, 7, 8), battery: 3.6 }];
            await store.insert([...inWindow, reading(3, 20)]);
            const [window] = await store.windows('S-1');
            assert.equal(window?.merkleRoot, merkleRoot(inWindow.sort((a, b) => a.seq - b.seq).map(readingLeaf)));
            assert.deepEqual(window, {
                shipmentId: 'S-1',
                sensorId: 'T-1',
                windowStart: new Date(base).toISOString(),
                windowEnd: new Date(base + 15 * 60_000).toISOString(),
                count: 3,
                minC: -1.5,
                maxC: 8,
                merkleRoot: '4be8ba3854b10f097cc1645212b47e1da0c1a0a5c379e1c846211bfcc7942a8d',
                anchored: false,
            });
        });

        it('keeps a reading that arrives after its window was anchored outside the anchored digest', async () => {
            await store.insert([reading(0, 1), reading(2, 17)]);
            const [ready] = await store.windowsReadyToAnchor(new Date(base));
            assert.ok(ready);
            await store.markAnchored(ready, 'tx-1');
            const [late] = await store.insert([reading(1, 5, 12)]);
            assert.equal(late?.lateAfterAnchor, true);
            assert.equal((await store.readings('S-1')).find((r) => r.seq === 1)?.lateAfterAnchor, true);
            const [first] = await store.windows('S-1');
            assert.deepEqual([first?.merkleRoot, first?.anchored], [ready.merkleRoot, true]);
        });

        it('names a reading edited in the database behind its back', async () => {
            await store.insert([reading(0, 1), reading(1, 2)]);
            const [before] = await store.windows('S-1');
            await under.tamper('UPDATE readings SET temp_c = 5.5 WHERE seq = 1');
            const [after] = await store.windows('S-1');
            assert.ok(before && after);
            assert.notEqual(after.merkleRoot, before.merkleRoot);
            assert.deepEqual(
                (await store.alteredReadings(after)).map((r) => r.seq),
                [1],
            );
        });
    });
}

if (serverUrl) {
    describe('PostgresTelemetryStore', () => {
        let scratch: ScratchPostgresDatabase;
        beforeEach(async () => {
            scratch = await ScratchPostgresDatabase.create(serverUrl);
        });
        afterEach(() => scratch.drop());

        it('partitions readings by their own time, a partition per month created when its first reading arrives', async () => {
            const store = await PostgresTelemetryStore.connect(scratch.url, OPTIONS);
            const partitions = async () =>
                (await scratch.query("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'readings'::regclass ORDER BY 1")).rows.map(
                    (r: { relname: string }) => r.relname,
                );
            assert.deepEqual(await partitions(), []);
            await store.insert([reading(0, 1), { ...reading(1, 1), ts: '2026-12-31T23:59:59.999Z' }, { ...reading(2, 1), ts: '2027-01-01T00:00:00.000Z' }]);
            assert.deepEqual(await partitions(), ['readings_y2026m11', 'readings_y2026m12', 'readings_y2027m01']);
            const counts = await scratch.query('SELECT tableoid::regclass::text AS partition, count(*)::int AS n FROM readings GROUP BY 1 ORDER BY 1');
            assert.deepEqual(counts.rows, [
                { partition: 'readings_y2026m11', n: 1 },
                { partition: 'readings_y2026m12', n: 1 },
                { partition: 'readings_y2027m01', n: 1 },
            ]);
            await store.close();
        });

        it('creates the schema once when several detector processes connect at the same time', async () => {
            const stores = await Promise.all([1, 2, 3].map(() => PostgresTelemetryStore.connect(scratch.url, OPTIONS)));
            await Promise.all(stores.map((store, i) => store.insert([{ ...reading(i, 1), ts: `2026-0${i + 1}-15T00:00:00.000Z` }, reading(9, 1)])));
            assert.equal((await stores[0]?.readings('S-1'))?.length, 4);
            assert.deepEqual((await scratch.query('SELECT version FROM telemetry_schema')).rows, [{ version: 1 }]);
            await Promise.all(stores.map((store) => store.close()));
        });
    });
}
