import Database from 'better-sqlite3';
import { createPrivateFile } from '../files/private-files';
import { readingLeaf } from './merkle';
import { alteredRows, HEADS, type ReadingRow, type ReadingWindowOptions, ReadingWindows, toStoredReading } from './reading-windows';
import type { AlteredReading, DetectionReading, ReadingQuery, SensorHead, StoredReading, TelemetryStore, WindowDigest } from './telemetry-store';
import { WalCheckpointer } from './wal-checkpointer';
import { WalSync } from './wal-sync';

export type SqliteTelemetryStoreOptions = ReadingWindowOptions;

/**
 * {@link TelemetryStore} on SQLite (better-sqlite3, WAL): the embedded default. A write resolves
 * only once it is on disk, so an acknowledged reading survives a power cut; the disk flush of a
 * file database runs on libuv's thread pool ({@link WalSync}: commit with synchronous=NORMAL, then
 * fsync the log), not on the event loop the broker and the detector share, which goes on reading
 * and acknowledging devices while the disk works (it used to wait 4–11 ms a group commit). For the
 * same reason the log is copied back into the database file by a thread of its own
 * ({@link WalCheckpointer}), not inside whichever group commit grows it past 1,000 pages. Its tables (`readings`, `windows`) are its
 * own; the backend's other local state may live in the same file through its own connection
 * (`openTelemetryStateDatabase`), never through this one. The work is synchronous inside; the
 * methods answer with settled promises, one per call (a batch for `insert`), not one per reading.
 *
 * @example
 * const store = SqliteTelemetryStore.open('data/telemetry/telemetry.db', { windowMinutes: 15 });
 */
export class SqliteTelemetryStore implements TelemetryStore {
    readonly #windows: ReadingWindows;
    readonly #insert: Database.Statement;
    readonly #openWindow: Database.Statement;
    readonly #windowState: Database.Statement;
    readonly #watermark: Database.Statement;
    readonly #readingsAfter: Database.Statement;
    readonly #lastReading: Database.Statement;

    readonly #database: Database.Database;
    /** Flushes the log after a write; undefined in memory, where nothing outlives the process anyway. */
    readonly #wal: WalSync | undefined;
    readonly #checkpointer: WalCheckpointer | undefined;

    private constructor(database: Database.Database, options: SqliteTelemetryStoreOptions, path: string | undefined) {
        this.#database = database;
        this.#windows = new ReadingWindows(options);
        database.pragma('journal_mode = WAL');
        // Durability comes from the WAL sync after each write; NORMAL still syncs around checkpoints.
        database.pragma(path ? 'synchronous = NORMAL' : 'synchronous = FULL');
        database.exec(`
            CREATE TABLE IF NOT EXISTS readings (
                sensor_id TEXT NOT NULL, seq INTEGER NOT NULL, shipment_id TEXT NOT NULL,
                ts TEXT NOT NULL, ts_ms INTEGER NOT NULL, temp_c REAL NOT NULL, humidity REAL, lat REAL NOT NULL, lon REAL NOT NULL,
                battery REAL, received_at TEXT NOT NULL, leaf TEXT NOT NULL, window_start_ms INTEGER NOT NULL, late INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (sensor_id, seq)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS readings_by_shipment ON readings (shipment_id, ts_ms, sensor_id, seq);
            CREATE INDEX IF NOT EXISTS readings_by_sensor_time ON readings (shipment_id, sensor_id, ts_ms, seq);
            DROP INDEX IF EXISTS readings_by_window;
            CREATE TABLE IF NOT EXISTS windows (
                shipment_id TEXT NOT NULL, sensor_id TEXT NOT NULL, window_start_ms INTEGER NOT NULL,
                anchored_tx TEXT, anchored_root TEXT,
                PRIMARY KEY (shipment_id, sensor_id, window_start_ms)
            ) WITHOUT ROWID;
        `);
        this.#insert = database.prepare(
            `INSERT OR IGNORE INTO readings (sensor_id, seq, shipment_id, ts, ts_ms, temp_c, humidity, lat, lon, battery, received_at, leaf, window_start_ms, late)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        this.#openWindow = database.prepare('INSERT OR IGNORE INTO windows (shipment_id, sensor_id, window_start_ms) VALUES (?, ?, ?)');
        this.#windowState = database.prepare('SELECT anchored_tx FROM windows WHERE shipment_id = ? AND sensor_id = ? AND window_start_ms = ?');
        this.#watermark = database.prepare('SELECT MAX(ts_ms) AS ms FROM readings WHERE shipment_id = ? AND sensor_id = ?');
        this.#readingsAfter = database.prepare(
            `SELECT ts_ms AS tsMs, seq, temp_c AS tempC FROM readings
             WHERE shipment_id = ? AND sensor_id = ? AND (ts_ms, seq) > (?, ?) AND ts_ms <= ? ORDER BY ts_ms, seq`,
        );
        this.#lastReading = database.prepare('SELECT * FROM readings WHERE shipment_id = ? ORDER BY ts_ms DESC, sensor_id DESC, seq DESC LIMIT 1');
        if (path) {
            this.#wal = new WalSync(path);
            database.pragma('wal_autocheckpoint = 0');
            this.#checkpointer = new WalCheckpointer(path);
        }
    }

    /** Opens (or creates) the database at `path`; it and its WAL files are 0600, as they hold GPS positions. */
    static open(path: string, options: SqliteTelemetryStoreOptions = {}): SqliteTelemetryStore {
        const onDisk = path !== ':memory:' && path !== '';
        if (onDisk) {
            // SQLite gives the -wal and -shm files the database file's mode, so the file comes first.
            createPrivateFile(path, ['-wal', '-shm', '-journal']);
        }
        return new SqliteTelemetryStore(new Database(path), options, onDisk ? path : undefined);
    }

    async insert(readings: readonly StoredReading[]): Promise<StoredReading[]> {
        const fresh: StoredReading[] = [];
        // A batch holds many readings of each sensor's window: each window is opened and looked up once.
        const anchored = new Map<string, boolean>();
        this.#database.transaction(() => {
            for (const reading of readings) {
                const tsMs = Date.parse(reading.ts);
                const windowStartMs = this.#windows.startOf(tsMs);
                const windowKey = `${reading.shipmentId}\u0000${reading.sensorId}\u0000${windowStartMs}`;
                let late = anchored.get(windowKey);
                if (late === undefined) {
                    this.#openWindow.run(reading.shipmentId, reading.sensorId, windowStartMs);
                    late = (this.#windowState.get(reading.shipmentId, reading.sensorId, windowStartMs) as { anchored_tx: string | null }).anchored_tx !== null;
                    anchored.set(windowKey, late);
                }
                // Positional parameters, in the column order above: binding an object by name costs a property lookup per column and reading.
                const result = this.#insert.run(
                    reading.sensorId,
                    reading.seq,
                    reading.shipmentId,
                    new Date(tsMs).toISOString(),
                    tsMs,
                    reading.tempC,
                    reading.humidity ?? null,
                    reading.lat,
                    reading.lon,
                    reading.battery ?? null,
                    reading.receivedAt,
                    readingLeaf(reading),
                    windowStartMs,
                    late ? 1 : 0,
                );
                if (result.changes === 1) {
                    fresh.push(late ? { ...reading, lateAfterAnchor: true } : reading);
                }
            }
        })();
        // Only a durable reading may be acknowledged; the event loop is free meanwhile.
        await this.#wal?.sync();
        return fresh;
    }

    async readings(shipmentId: string, query: ReadingQuery = {}): Promise<StoredReading[]> {
        const clauses = ['shipment_id = @shipmentId'];
        const params: Record<string, unknown> = { shipmentId, limit: Math.min(query.limit ?? 1000, 10_000) };
        if (query.sensorId) {
            clauses.push('sensor_id = @sensorId');
            params.sensorId = query.sensorId;
        }
        if (query.from) {
            clauses.push('ts_ms >= @from');
            params.from = Date.parse(query.from);
        }
        if (query.to) {
            clauses.push('ts_ms < @to');
            params.to = Date.parse(query.to);
        }
        if (query.after) {
            clauses.push('(ts_ms, sensor_id, seq) > (@afterTs, @afterSensor, @afterSeq)');
            Object.assign(params, { afterTs: Date.parse(query.after.ts), afterSensor: query.after.sensorId, afterSeq: query.after.seq });
        }
        const rows = this.#database.prepare(`SELECT * FROM readings WHERE ${clauses.join(' AND ')} ORDER BY ts_ms, sensor_id, seq LIMIT @limit`).all(params) as ReadingRow[];
        return rows.map(toStoredReading);
    }

    async lastReading(shipmentId: string): Promise<StoredReading | undefined> {
        const row = this.#lastReading.get(shipmentId) as ReadingRow | undefined;
        return row && toStoredReading(row);
    }

    async windowsReadyToAnchor(now: Date): Promise<WindowDigest[]> {
        const open = this.#database.prepare('SELECT shipment_id, sensor_id, window_start_ms FROM windows WHERE anchored_tx IS NULL').all() as {
            shipment_id: string;
            sensor_id: string;
            window_start_ms: number;
        }[];
        const ready = open
            .filter((w) => this.#windows.isComplete(w.window_start_ms, this.#watermarkOf(w.shipment_id, w.sensor_id), now))
            .map((w) => this.#digestOf(w.shipment_id, w.sensor_id, w.window_start_ms))
            .filter((digest) => digest.count > 0);
        // A digest may take in a reading whose batch is still being flushed: the ledger gets it only once it is on disk.
        await this.#wal?.sync();
        return ready;
    }

    async markAnchored(digest: WindowDigest, txId: string): Promise<void> {
        this.#database
            .prepare('UPDATE windows SET anchored_tx = ?, anchored_root = ? WHERE shipment_id = ? AND sensor_id = ? AND window_start_ms = ?')
            .run(txId, digest.merkleRoot, digest.shipmentId, digest.sensorId, Date.parse(digest.windowStart));
        await this.#wal?.sync();
    }

    async readingsAfter(shipmentId: string, sensorId: string, after = { tsMs: Number.MIN_SAFE_INTEGER, seq: -1 }, untilMs = Number.MAX_SAFE_INTEGER): Promise<DetectionReading[]> {
        return this.#readingsAfter.all(shipmentId, sensorId, after.tsMs, after.seq, untilMs) as DetectionReading[];
    }

    async heads(): Promise<SensorHead[]> {
        return this.#database.prepare(HEADS).all() as SensorHead[];
    }

    async watermark(shipmentId: string, sensorId: string): Promise<number | undefined> {
        return this.#watermarkOf(shipmentId, sensorId);
    }

    #watermarkOf(shipmentId: string, sensorId: string): number | undefined {
        return (this.#watermark.get(shipmentId, sensorId) as { ms: number | null }).ms ?? undefined;
    }

    async windows(shipmentId: string): Promise<(WindowDigest & { anchored: boolean })[]> {
        const rows = this.#database
            .prepare('SELECT sensor_id, window_start_ms, anchored_tx FROM windows WHERE shipment_id = ? ORDER BY window_start_ms, sensor_id')
            .all(shipmentId) as { sensor_id: string; window_start_ms: number; anchored_tx: string | null }[];
        return rows.map((w) => ({ ...this.#digestOf(shipmentId, w.sensor_id, w.window_start_ms), anchored: w.anchored_tx !== null }));
    }

    async alteredReadings(window: Pick<WindowDigest, 'shipmentId' | 'sensorId' | 'windowStart'>): Promise<AlteredReading[]> {
        return alteredRows(this.#windowRows(window.shipmentId, window.sensorId, Date.parse(window.windowStart)));
    }

    async close(): Promise<void> {
        await this.#checkpointer?.close();
        this.#database.close();
        await this.#wal?.close();
    }

    /**
     * A window's readings through the (shipment, sensor, time) index: a window is a time range, so
     * no index of its own (each index is one more B-tree insert per reading in the group commit).
     */
    #windowRows(shipmentId: string, sensorId: string, windowStartMs: number): ReadingRow[] {
        return this.#database
            .prepare('SELECT * FROM readings WHERE shipment_id = ? AND sensor_id = ? AND ts_ms >= ? AND ts_ms < ? AND window_start_ms = ? AND late = 0 ORDER BY seq')
            .all(shipmentId, sensorId, windowStartMs, windowStartMs + this.#windows.windowMs, windowStartMs) as ReadingRow[];
    }

    #digestOf(shipmentId: string, sensorId: string, windowStartMs: number): WindowDigest {
        return this.#windows.digest(shipmentId, sensorId, windowStartMs, this.#windowRows(shipmentId, sensorId, windowStartMs));
    }
}
