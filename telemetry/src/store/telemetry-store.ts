import type { z } from 'zod';
import type { AnchorDigestInput } from '@coldtrace/chaincode/model';
import type { StoredReading } from '../contract/telemetry-payloads';

/** A reading as the backend keeps it (the API's contract says what that is). */
export type { StoredReading };

/** The digest of one sensor's readings of one shipment in one window: what `telemetry:anchorDigest` takes. */
export type WindowDigest = z.infer<typeof AnchorDigestInput>;

/** A stored reading whose content no longer matches the leaf hash taken when it arrived. */
export interface AlteredReading {
    sensorId: string;
    seq: number;
    storedLeaf: string;
    currentLeaf: string;
}

export interface ReadingQuery {
    sensorId?: string;
    /** Inclusive lower bound on the reading's own time. */
    from?: string;
    /** Exclusive upper bound on the reading's own time. */
    to?: string;
    limit?: number;
    /** Resume after this (ts, sensorId, seq) cursor, as returned by the previous page. */
    after?: { ts: string; sensorId: string; seq: number };
}

/** What detection needs of a reading: its own time, its sequence number and its temperature. */
export interface DetectionReading {
    tsMs: number;
    seq: number;
    tempC: number;
}

/** The newest reading of one sensor on one shipment, by its own time and then `seq`: how far detection must get. */
export interface SensorHead {
    shipmentId: string;
    sensorId: string;
    tsMs: number;
    seq: number;
}

/**
 * Raw telemetry, off chain: readings per shipment, idempotent on (sensorId, seq), grouped into
 * fixed windows whose digests get anchored on the ledger. Asynchronous because a store may be a
 * database server (PostgreSQL); the embedded SQLite store answers with settled promises. Each
 * implementation owns its schema: nothing outside it reads or writes its tables.
 *
 * @example
 * const fresh = await store.insert(readings);            // the new ones, in one durable transaction
 * for (const digest of await store.windowsReadyToAnchor(new Date())) { ... }
 */
export interface TelemetryStore {
    /** Stores readings in one durable transaction; returns those that were new. */
    insert(readings: readonly StoredReading[]): Promise<StoredReading[]>;
    readings(shipmentId: string, query?: ReadingQuery): Promise<StoredReading[]>;
    /**
     * Windows whose readings are complete: the sensor's own clock has passed the window's end by
     * the grace period, or the wall clock has passed it by the maximum delay. Each comes with its
     * digest computed now.
     */
    windowsReadyToAnchor(now: Date): Promise<WindowDigest[]>;
    markAnchored(digest: WindowDigest, txId: string): Promise<void>;
    /**
     * One sensor's readings on a shipment after (tsMs, seq) and, with `untilMs`, taken at or before
     * it, in (tsMs, seq) order, for detection (which feeds its state machine only what crossed its horizon).
     */
    readingsAfter(shipmentId: string, sensorId: string, after?: { tsMs: number; seq: number }, untilMs?: number): Promise<DetectionReading[]>;
    /** The shipment's newest reading by its own time, of any sensor: where the goods were last seen. */
    lastReading(shipmentId: string): Promise<StoredReading | undefined>;
    /** Every (shipment, sensor) with readings, with its newest one: after a restart, detection resumes where a head is past its checkpoint. */
    heads(): Promise<SensorHead[]>;
    /** The newest reading time of one sensor on a shipment, in ms; undefined without readings. */
    watermark(shipmentId: string, sensorId: string): Promise<number | undefined>;
    /** Every window of a shipment with stored readings, its digest recomputed from them now. */
    windows(shipmentId: string): Promise<(WindowDigest & { anchored: boolean })[]>;
    /** Readings of a window whose content differs from the leaf hash taken at arrival. */
    alteredReadings(digest: Pick<WindowDigest, 'shipmentId' | 'sensorId' | 'windowStart'>): Promise<AlteredReading[]>;
    close(): Promise<void>;
}
