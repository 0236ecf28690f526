import type { Reading } from '@coldtrace/iot-sensor/protocol';
import { merkleRoot, readingLeaf } from './merkle';
import type { AlteredReading, StoredReading, WindowDigest } from './telemetry-store';

/** How readings are grouped into windows and when a window counts as complete; the same for every store. */
export interface ReadingWindowOptions {
    /** Window length; default 15 minutes. */
    windowMinutes?: number;
    /** How far past a window's end the sensor's clock must be before it is anchored; default 1 minute. */
    graceMs?: number;
    /** Wall-clock delay after which a window is anchored even if its sensor fell silent; default 1 hour. */
    maxDelayMs?: number;
}

/**
 * A stored reading's columns, named alike in every store, so that each store turns its rows back
 * into the same readings, leaf hashes and digests (verify compares them with what was anchored).
 */
export interface ReadingRow {
    sensor_id: string;
    seq: number;
    shipment_id: string;
    ts: string;
    ts_ms: number;
    temp_c: number;
    humidity: number | null;
    lat: number;
    lon: number;
    battery: number | null;
    received_at: string;
    leaf: string;
    late: number | boolean;
}

/**
 * The windowing and digest rules the stores share: window boundaries, completeness, and a
 * window's digest and altered readings computed from its rows (ordered by `seq`, late ones left out).
 *
 * @example
 * const windows = new ReadingWindows({ windowMinutes: 15 });
 * windows.startOf(Date.parse('2026-11-20T10:07:00Z')); // 10:00 in ms
 */
export class ReadingWindows {
    readonly windowMs: number;
    readonly #graceMs: number;
    readonly #maxDelayMs: number;

    constructor(options: ReadingWindowOptions = {}) {
        this.windowMs = (options.windowMinutes ?? 15) * 60_000;
        this.#graceMs = options.graceMs ?? 60_000;
        this.#maxDelayMs = options.maxDelayMs ?? 3_600_000;
    }

    startOf(tsMs: number): number {
        return tsMs - (((tsMs % this.windowMs) + this.windowMs) % this.windowMs);
    }

    /** The sensor's own clock (`watermarkMs`) passed the window's end by the grace period, or the wall clock by the maximum delay. */
    isComplete(windowStartMs: number, watermarkMs: number | undefined, now: Date): boolean {
        const end = windowStartMs + this.windowMs;
        return (watermarkMs ?? 0) >= end + this.#graceMs || now.getTime() >= end + this.#maxDelayMs;
    }

    /** The digest of a window's rows (in `seq` order, without late ones), recomputed from their fields. */
    digest(shipmentId: string, sensorId: string, windowStartMs: number, rows: readonly ReadingRow[]): WindowDigest {
        const temperatures = rows.map((row) => row.temp_c);
        return {
            shipmentId,
            sensorId,
            windowStart: new Date(windowStartMs).toISOString(),
            windowEnd: new Date(windowStartMs + this.windowMs).toISOString(),
            count: rows.length,
            minC: rows.length ? Math.min(...temperatures) : 0,
            maxC: rows.length ? Math.max(...temperatures) : 0,
            // From the fields, not from the stored leaf column: that is what an edit would change.
            merkleRoot: merkleRoot(rows.map((row) => readingLeaf(toReading(row)))),
        };
    }
}

/** Each (shipment, sensor)'s newest reading by (ts_ms, seq): the same SQL on SQLite and PostgreSQL. */
export const HEADS = `SELECT shipment_id AS "shipmentId", sensor_id AS "sensorId", ts_ms AS "tsMs", seq FROM (
    SELECT shipment_id, sensor_id, ts_ms, seq, row_number() OVER (PARTITION BY shipment_id, sensor_id ORDER BY ts_ms DESC, seq DESC) AS newest FROM readings
) AS ranked WHERE newest = 1`;

/** The rows whose fields no longer hash to the leaf taken when they arrived. */
export function alteredRows(rows: readonly ReadingRow[]): AlteredReading[] {
    return rows
        .map((row) => ({ sensorId: row.sensor_id, seq: row.seq, storedLeaf: row.leaf, currentLeaf: readingLeaf(toReading(row)) }))
        .filter((r) => r.storedLeaf !== r.currentLeaf);
}

export function toReading(row: ReadingRow): Reading {
    return {
        sensorId: row.sensor_id,
        seq: row.seq,
        ts: row.ts,
        tempC: row.temp_c,
        ...(row.humidity === null ? {} : { humidity: row.humidity }),
        lat: row.lat,
        lon: row.lon,
        ...(row.battery === null ? {} : { battery: row.battery }),
    };
}

export function toStoredReading(row: ReadingRow): StoredReading {
    return { ...toReading(row), shipmentId: row.shipment_id, receivedAt: row.received_at, ...(row.late ? { lateAfterAnchor: true } : {}) };
}
