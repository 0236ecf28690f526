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

/**
 * Raw telemetry, off chain: readings per shipment, idempotent on (sensorId, seq), grouped into
 * fixed windows whose digests get anchored on the ledger.
 */
export interface TelemetryStore {
    /** Stores readings in one durable transaction; returns those that were new. */
    insert(readings: readonly StoredReading[]): StoredReading[];
    readings(shipmentId: string, query?: ReadingQuery): StoredReading[];
    /**
     * Windows whose readings are complete: the sensor's own clock has passed the window's end by
     * the grace period, or the wall clock has passed it by the maximum delay. Each comes with its
     * digest computed now.
     */
    windowsReadyToAnchor(now: Date): WindowDigest[];
    markAnchored(digest: WindowDigest, txId: string): void;
    /** One sensor's readings on a shipment after (tsMs, seq), in (tsMs, seq) order, for detection. */
    readingsAfter(shipmentId: string, sensorId: string, after?: { tsMs: number; seq: number }): { tsMs: number; seq: number; tempC: number }[];
    /** The shipment's newest reading by its own time, of any sensor: where the goods were last seen. */
    lastReading(shipmentId: string): StoredReading | undefined;
    /** The newest reading time of one sensor on a shipment, in ms; undefined without readings. */
    watermark(shipmentId: string, sensorId: string): number | undefined;
    /** Every window of a shipment with stored readings, its digest recomputed from them now. */
    windows(shipmentId: string): (WindowDigest & { anchored: boolean })[];
    /** Readings of a window whose content differs from the leaf hash taken at arrival. */
    alteredReadings(digest: Pick<WindowDigest, 'shipmentId' | 'sensorId' | 'windowStart'>): AlteredReading[];
    close(): void;
}
