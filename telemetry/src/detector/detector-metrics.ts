/** Counters of the detector since it started, for logs, health checks and Prometheus. */
export interface DetectorMetrics {
    received: number;
    /** Durable batches committed: received / batches is the mean batch size. */
    batches: number;
    stored: number;
    duplicates: number;
    invalid: number;
    /** Readings from sensors not attached to any shipment at their time: acknowledged and dropped. */
    unattached: number;
    /** Refused by the flood guard. */
    throttled: number;
    /** Refused because the detector's inbox was full (admission control). */
    shed: number;
    /** Dated beyond the clock-skew bound ahead of the server's clock: acknowledged as refused, not stored. */
    future: number;
    excursionsRecorded: number;
    excursionsClosed: number;
    ledgerFailures: number;
    /** Batches that failed as a whole (not acknowledged; their devices send them again). */
    batchFailures: number;
}

export function emptyDetectorMetrics(): DetectorMetrics {
    return {
        received: 0,
        batches: 0,
        stored: 0,
        duplicates: 0,
        invalid: 0,
        unattached: 0,
        throttled: 0,
        shed: 0,
        future: 0,
        excursionsRecorded: 0,
        excursionsClosed: 0,
        ledgerFailures: 0,
        batchFailures: 0,
    };
}
