import pg from 'pg';
import { readingLeaf } from './merkle';
import { alteredRows, HEADS, type ReadingRow, type ReadingWindowOptions, ReadingWindows, toStoredReading } from './reading-windows';
import type { AlteredReading, DetectionReading, ReadingQuery, SensorHead, StoredReading, TelemetryStore, WindowDigest } from './telemetry-store';

export interface PostgresTelemetryStoreOptions extends ReadingWindowOptions {
    /** Connections in the pool; default 10. */
    maxConnections?: number;
}

const INT8_OID = 20;
/** Milliseconds and sequence numbers are bigint columns; they fit a double exactly, so they come back as numbers. */
const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Serializes schema creation between detector processes that start at once. */
const SCHEMA_LOCK = 'coldtrace-telemetry-schema';

/**
 * Schema versions, applied in order, each once (recorded in `telemetry_schema`). Text columns
 * compare bytewise (`COLLATE "C"`), as SQLite's do, so pages and cursors order alike on both stores.
 * (sensor_id, seq) is unique across partitions through `reading_keys`: a partitioned table's own
 * unique keys must contain the partition key.
 */
const MIGRATIONS: readonly string[] = [
    `CREATE TABLE readings (
        sensor_id text COLLATE "C" NOT NULL, seq bigint NOT NULL, shipment_id text COLLATE "C" NOT NULL,
        ts text NOT NULL, ts_ms bigint NOT NULL, temp_c double precision NOT NULL, humidity double precision,
        lat double precision NOT NULL, lon double precision NOT NULL, battery double precision,
        received_at text NOT NULL, leaf text NOT NULL, window_start_ms bigint NOT NULL, late boolean NOT NULL DEFAULT false,
        PRIMARY KEY (sensor_id, seq, ts_ms)
    ) PARTITION BY RANGE (ts_ms);
    CREATE INDEX readings_by_shipment ON readings (shipment_id, ts_ms, sensor_id, seq);
    CREATE INDEX readings_by_sensor_time ON readings (shipment_id, sensor_id, ts_ms, seq);
    CREATE INDEX readings_by_window ON readings (shipment_id, sensor_id, window_start_ms, seq);
    CREATE TABLE reading_keys (sensor_id text COLLATE "C" NOT NULL, seq bigint NOT NULL, PRIMARY KEY (sensor_id, seq));
    CREATE TABLE windows (
        shipment_id text COLLATE "C" NOT NULL, sensor_id text COLLATE "C" NOT NULL, window_start_ms bigint NOT NULL,
        anchored_tx text, anchored_root text,
        PRIMARY KEY (shipment_id, sensor_id, window_start_ms)
    );
    CREATE INDEX windows_open ON windows (shipment_id, sensor_id, window_start_ms) WHERE anchored_tx IS NULL;`,
];

/**
 * {@link TelemetryStore} on PostgreSQL (node-postgres): for a deployment with several detector
 * processes or more readings than one SQLite file should hold. `readings` is range-partitioned by
 * the reading's own time (`ts_ms`), one partition per UTC month (`readings_y2026m11`), created when
 * the first reading of that month arrives; old months can be detached or dropped whole. A batch is
 * stored in one transaction; PostgreSQL's commit is durable (`synchronous_commit` on, as by default).
 * Leaf hashes, window digests and Merkle roots are computed by the same code as on SQLite.
 *
 * @example
 * const store = await PostgresTelemetryStore.connect('postgres://coldtrace@db.example/telemetry', { windowMinutes: 15 });
 */
export class PostgresTelemetryStore implements TelemetryStore {
    readonly #pool: pg.Pool;
    readonly #windows: ReadingWindows;
    /** Month starts (ms) whose partition is known to exist. */
    readonly #partitions = new Set<number>();

    private constructor(pool: pg.Pool, options: ReadingWindowOptions) {
        this.#pool = pool;
        this.#windows = new ReadingWindows(options);
    }

    /** Connects, and creates or upgrades the schema (once, whichever detector process gets there first). */
    static async connect(url: string, options: PostgresTelemetryStoreOptions = {}): Promise<PostgresTelemetryStore> {
        const { maxConnections, ...windows } = options;
        const pool = new pg.Pool({ connectionString: url, max: maxConnections ?? 10, types });
        // An idle connection that breaks (server restart) is dropped by the pool; without a listener it would crash the process.
        pool.on('error', () => undefined);
        try {
            await migrate(pool);
        } catch (error) {
            await pool.end();
            throw error;
        }
        return new PostgresTelemetryStore(pool, windows);
    }

    async insert(readings: readonly StoredReading[]): Promise<StoredReading[]> {
        if (readings.length === 0) {
            return [];
        }
        const rows = readings.map((reading) => {
            const tsMs = Date.parse(reading.ts);
            return { reading, tsMs, windowStartMs: this.#windows.startOf(tsMs) };
        });
        await this.#ensurePartitions(rows.map((r) => r.tsMs));
        // A batch holds many readings of few windows (2,000 readings of 100 sensors: 100 windows):
        // each window once, rather than a conflicting insert and a join row per reading.
        const windows = [...new Map(rows.map((r) => [windowKey(r.reading.shipmentId, r.reading.sensorId, r.windowStartMs), r])).values()];
        const windowColumns = [windows.map((r) => r.reading.shipmentId), windows.map((r) => r.reading.sensorId), windows.map((r) => r.windowStartMs)];
        return this.#transaction(async (client) => {
            await client.query(
                `INSERT INTO windows (shipment_id, sensor_id, window_start_ms)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) ON CONFLICT DO NOTHING`,
                windowColumns,
            );
            const anchored = await client.query<{ shipment_id: string; sensor_id: string; window_start_ms: number }>(
                `SELECT w.shipment_id, w.sensor_id, w.window_start_ms FROM windows w
                 JOIN unnest($1::text[], $2::text[], $3::bigint[]) AS b (shipment_id, sensor_id, window_start_ms) USING (shipment_id, sensor_id, window_start_ms)
                 WHERE w.anchored_tx IS NOT NULL`,
                windowColumns,
            );
            const lateWindows = new Set(anchored.rows.map((w) => windowKey(w.shipment_id, w.sensor_id, w.window_start_ms)));
            // The first of a (sensor, seq) wins, in this batch as across batches.
            const claimed = await client.query<{ sensor_id: string; seq: number }>(
                'INSERT INTO reading_keys (sensor_id, seq) SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT DO NOTHING RETURNING sensor_id, seq',
                [rows.map((r) => r.reading.sensorId), rows.map((r) => r.reading.seq)],
            );
            const unclaimed = new Set(claimed.rows.map((k) => readingKey(k.sensor_id, k.seq)));
            const fresh = rows.filter((r) => unclaimed.delete(readingKey(r.reading.sensorId, r.reading.seq)));
            if (fresh.length === 0) {
                return [];
            }
            const late = fresh.map((r) => lateWindows.has(windowKey(r.reading.shipmentId, r.reading.sensorId, r.windowStartMs)));
            const column = <T>(pick: (r: (typeof fresh)[number]) => T) => fresh.map(pick);
            await client.query(
                `INSERT INTO readings (sensor_id, seq, shipment_id, ts, ts_ms, temp_c, humidity, lat, lon, battery, received_at, leaf, window_start_ms, late)
                 SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::float8[], $7::float8[], $8::float8[],
                                      $9::float8[], $10::float8[], $11::text[], $12::text[], $13::bigint[], $14::boolean[])`,
                [
                    column((r) => r.reading.sensorId),
                    column((r) => r.reading.seq),
                    column((r) => r.reading.shipmentId),
                    column((r) => new Date(r.tsMs).toISOString()),
                    column((r) => r.tsMs),
                    column((r) => r.reading.tempC),
                    column((r) => r.reading.humidity ?? null),
                    column((r) => r.reading.lat),
                    column((r) => r.reading.lon),
                    column((r) => r.reading.battery ?? null),
                    column((r) => r.reading.receivedAt),
                    column((r) => readingLeaf(r.reading)),
                    column((r) => r.windowStartMs),
                    late,
                ],
            );
            return fresh.map((r, i) => (late[i] ? { ...r.reading, lateAfterAnchor: true } : r.reading));
        });
    }

    async readings(shipmentId: string, query: ReadingQuery = {}): Promise<StoredReading[]> {
        const params: unknown[] = [shipmentId];
        const clauses = ['shipment_id = $1'];
        const bind = (value: unknown) => `$${params.push(value)}`;
        if (query.sensorId) {
            clauses.push(`sensor_id = ${bind(query.sensorId)}`);
        }
        if (query.from) {
            clauses.push(`ts_ms >= ${bind(Date.parse(query.from))}`);
        }
        if (query.to) {
            clauses.push(`ts_ms < ${bind(Date.parse(query.to))}`);
        }
        if (query.after) {
            clauses.push(`(ts_ms, sensor_id, seq) > (${bind(Date.parse(query.after.ts))}, ${bind(query.after.sensorId)}, ${bind(query.after.seq)})`);
        }
        const limit = bind(Math.min(query.limit ?? 1000, 10_000));
        const { rows } = await this.#pool.query<ReadingRow>(`SELECT * FROM readings WHERE ${clauses.join(' AND ')} ORDER BY ts_ms, sensor_id, seq LIMIT ${limit}`, params);
        return rows.map(toStoredReading);
    }

    async lastReading(shipmentId: string): Promise<StoredReading | undefined> {
        const { rows } = await this.#pool.query<ReadingRow>('SELECT * FROM readings WHERE shipment_id = $1 ORDER BY ts_ms DESC, sensor_id DESC, seq DESC LIMIT 1', [shipmentId]);
        return rows[0] && toStoredReading(rows[0]);
    }

    async windowsReadyToAnchor(now: Date): Promise<WindowDigest[]> {
        const { rows } = await this.#pool.query<{ shipment_id: string; sensor_id: string; window_start_ms: number; watermark: number | null }>(
            `SELECT w.shipment_id, w.sensor_id, w.window_start_ms,
                    (SELECT max(r.ts_ms) FROM readings r WHERE r.shipment_id = w.shipment_id AND r.sensor_id = w.sensor_id) AS watermark
             FROM windows w WHERE w.anchored_tx IS NULL ORDER BY w.shipment_id, w.sensor_id, w.window_start_ms`,
        );
        const ready: WindowDigest[] = [];
        for (const w of rows.filter((w) => this.#windows.isComplete(w.window_start_ms, w.watermark ?? undefined, now))) {
            const digest = this.#windows.digest(w.shipment_id, w.sensor_id, w.window_start_ms, await this.#windowRows(w.shipment_id, w.sensor_id, w.window_start_ms));
            if (digest.count > 0) {
                ready.push(digest);
            }
        }
        return ready;
    }

    async markAnchored(digest: WindowDigest, txId: string): Promise<void> {
        await this.#pool.query('UPDATE windows SET anchored_tx = $1, anchored_root = $2 WHERE shipment_id = $3 AND sensor_id = $4 AND window_start_ms = $5', [
            txId,
            digest.merkleRoot,
            digest.shipmentId,
            digest.sensorId,
            Date.parse(digest.windowStart),
        ]);
    }

    async readingsAfter(shipmentId: string, sensorId: string, after = { tsMs: Number.MIN_SAFE_INTEGER, seq: -1 }, untilMs = Number.MAX_SAFE_INTEGER): Promise<DetectionReading[]> {
        const { rows } = await this.#pool.query<DetectionReading>(
            `SELECT ts_ms AS "tsMs", seq, temp_c AS "tempC" FROM readings
             WHERE shipment_id = $1 AND sensor_id = $2 AND (ts_ms, seq) > ($3, $4) AND ts_ms <= $5 ORDER BY ts_ms, seq`,
            [shipmentId, sensorId, after.tsMs, after.seq, untilMs],
        );
        return rows;
    }

    async heads(): Promise<SensorHead[]> {
        return (await this.#pool.query<SensorHead>(HEADS)).rows;
    }

    async watermark(shipmentId: string, sensorId: string): Promise<number | undefined> {
        const { rows } = await this.#pool.query<{ ms: number | null }>('SELECT max(ts_ms) AS ms FROM readings WHERE shipment_id = $1 AND sensor_id = $2', [shipmentId, sensorId]);
        return rows[0]?.ms ?? undefined;
    }

    async windows(shipmentId: string): Promise<(WindowDigest & { anchored: boolean })[]> {
        const [windows, readings] = await Promise.all([
            this.#pool.query<{ sensor_id: string; window_start_ms: number; anchored_tx: string | null }>(
                'SELECT sensor_id, window_start_ms, anchored_tx FROM windows WHERE shipment_id = $1 ORDER BY window_start_ms, sensor_id',
                [shipmentId],
            ),
            // All of the shipment's rows at once, rather than a query per window.
            this.#pool.query<ReadingRow & { window_start_ms: number }>('SELECT * FROM readings WHERE shipment_id = $1 AND NOT late ORDER BY seq', [shipmentId]),
        ]);
        const rowsOf = new Map<string, ReadingRow[]>();
        for (const row of readings.rows) {
            const key = windowKey(shipmentId, row.sensor_id, row.window_start_ms);
            const rows = rowsOf.get(key);
            if (rows) {
                rows.push(row);
            } else {
                rowsOf.set(key, [row]);
            }
        }
        return windows.rows.map((w) => ({
            ...this.#windows.digest(shipmentId, w.sensor_id, w.window_start_ms, rowsOf.get(windowKey(shipmentId, w.sensor_id, w.window_start_ms)) ?? []),
            anchored: w.anchored_tx !== null,
        }));
    }

    async alteredReadings(window: Pick<WindowDigest, 'shipmentId' | 'sensorId' | 'windowStart'>): Promise<AlteredReading[]> {
        return alteredRows(await this.#windowRows(window.shipmentId, window.sensorId, Date.parse(window.windowStart)));
    }

    async close(): Promise<void> {
        await this.#pool.end();
    }

    async #windowRows(shipmentId: string, sensorId: string, windowStartMs: number): Promise<ReadingRow[]> {
        const { rows } = await this.#pool.query<ReadingRow>('SELECT * FROM readings WHERE shipment_id = $1 AND sensor_id = $2 AND window_start_ms = $3 AND NOT late ORDER BY seq', [
            shipmentId,
            sensorId,
            windowStartMs,
        ]);
        return rows;
    }

    /** Creates the month partitions these reading times fall in, unless known to exist. */
    async #ensurePartitions(tsMs: readonly number[]): Promise<void> {
        for (const monthStart of new Set(tsMs.map(monthStartOf))) {
            if (this.#partitions.has(monthStart)) {
                continue;
            }
            const start = new Date(monthStart);
            const name = `readings_y${start.getUTCFullYear()}m${String(start.getUTCMonth() + 1).padStart(2, '0')}`;
            const next = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
            try {
                await this.#pool.query(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF readings FOR VALUES FROM (${monthStart}) TO (${next})`);
            } catch (error) {
                // Another detector process created it at the same moment.
                if (!isAlreadyCreated(error)) {
                    throw error;
                }
            }
            this.#partitions.add(monthStart);
        }
    }

    async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
        const client = await this.#pool.connect();
        try {
            await client.query('BEGIN');
            const result = await work(client);
            await client.query('COMMIT');
            return result;
        } catch (error) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw error;
        } finally {
            client.release();
        }
    }
}

async function migrate(pool: pg.Pool): Promise<void> {
    const client = await pool.connect();
    try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [SCHEMA_LOCK]);
        await client.query('CREATE TABLE IF NOT EXISTS telemetry_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
        const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM telemetry_schema');
        const applied = rows[0]?.version ?? 0;
        for (const [index, migration] of MIGRATIONS.entries()) {
            if (index < applied) {
                continue;
            }
            await client.query(migration);
            await client.query('INSERT INTO telemetry_schema (version) VALUES ($1)', [index + 1]);
        }
        await client.query('COMMIT');
    } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
    } finally {
        client.release();
    }
}

function monthStartOf(tsMs: number): number {
    const at = new Date(tsMs);
    return Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1);
}

/** duplicate_table, or the unique violation on the catalog that a concurrent CREATE ends with. */
function isAlreadyCreated(error: unknown): boolean {
    const code = (error as { code?: string }).code;
    return code === '42P07' || code === '23505';
}

function windowKey(shipmentId: string, sensorId: string, windowStartMs: number): string {
    return `${shipmentId}\u0000${sensorId}\u0000${windowStartMs}`;
}

function readingKey(sensorId: string, seq: number): string {
    return `${sensorId}\u0000${seq}`;
}
