import { z } from 'zod';
import { RecordId } from '@coldtrace/chaincode/model';
import { Reading } from '@coldtrace/iot-sensor/protocol';

/** Most readings one `POST /telemetry` may carry; a longer logger read-out is sent in several. */
export const MAX_READINGS_PER_BATCH = 5_000;

/**
 * `POST /telemetry`: readings as a device publishes them over MQTT, each naming its sensor (the
 * device id the sender asserts). As JSON, or as CSV with a header row naming the same fields
 * (`sensorId,seq,ts,tempC,lat,lon`, optionally `humidity`, `battery`).
 *
 * @example
 * TelemetryBatchBody.parse({ readings: [{ sensorId: 'T-1', seq: 7, ts: '2026-11-20T10:00:00Z', tempC: 4.2, lat: 52.1, lon: 4.3 }] });
 */
export const TelemetryBatchBody = z.strictObject({
    readings: z.array(Reading).min(1).max(MAX_READINGS_PER_BATCH, `at most ${MAX_READINGS_PER_BATCH} readings per request; send the rest in another`),
});
export type TelemetryBatchBody = z.input<typeof TelemetryBatchBody>;

/** A receiving party's logger read-out names the shipment it rode on; devices and carriers name none. */
export const TelemetryUploadQuery = z.strictObject({ shipmentId: RecordId.optional() });
export type TelemetryUploadQuery = z.input<typeof TelemetryUploadQuery>;

/**
 * Why a reading was not stored. Refused for good (sending it again cannot help): `future` (dated
 * further ahead of the server's clock than the skew bound), `outside_attachment_window` (its sensor
 * was on no shipment of the sender's at that time), `unknown_sensor` (a sensor no shipment the
 * server follows ever carried). Retry later: `throttled` (the sensor's flood guard), `overloaded`
 * (the detector's inbox is full), `ledger_unavailable` (stored, but an excursion it completes could
 * not be recorded yet), `directory_behind` (the server has not read the newest blocks yet),
 * `shutting_down`.
 */
export const READING_REFUSALS = ['future', 'outside_attachment_window', 'unknown_sensor'] as const;
export const READING_RETRIES = ['throttled', 'overloaded', 'ledger_unavailable', 'directory_behind', 'shutting_down'] as const;
export type ReadingRefusal = (typeof READING_REFUSALS)[number];
export type ReadingRetry = (typeof READING_RETRIES)[number];

/**
 * What became of one reading: `stored` (new, and any excursion it completes is on the ledger),
 * `duplicate` (this sensor's `seq` was stored before, over MQTT or HTTP: nothing changed),
 * `refused` for good, or `retry` (send it again later; nothing is lost by sending it twice).
 */
export type ReadingOutcome =
    | { sensorId: string; seq: number; status: 'stored'; shipmentId: string; lateAfterAnchor?: true }
    | { sensorId: string; seq: number; status: 'duplicate'; shipmentId: string }
    | { sensorId: string; seq: number; status: 'refused'; reason: ReadingRefusal }
    | { sensorId: string; seq: number; status: 'retry'; reason: ReadingRetry };

/** What `POST /telemetry` answers: counts, and every reading's outcome in the order sent. */
export interface TelemetryIngestionResult {
    /** Who the server took the sender to be. */
    sender: { kind: 'device'; sensorId: string } | { kind: 'carrier'; org: string; tokenId: string } | { kind: 'consignee'; org: string; shipmentId: string };
    stored: number;
    duplicates: number;
    refused: number;
    retry: number;
    readings: ReadingOutcome[];
}

/** `POST /telemetry/tokens`: a token for the caller's carrier organization's forwarders. */
export const IssueTelemetryTokenBody = z.strictObject({
    /** What the token is for (e.g. `SORACOM Beam, fleet EU`), shown when tokens are listed. */
    label: z.string().min(1).max(200),
    /** Days until it expires; default 90, at most 730. */
    days: z.number().int().min(1).max(730).optional(),
});
export type IssueTelemetryTokenBody = z.input<typeof IssueTelemetryTokenBody>;

export const TelemetryTokenParams = z.strictObject({ tokenId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a telemetry token id') });

/** A carrier's telemetry token as listed: never the token itself, which is shown once, when issued. */
export interface TelemetryTokenView {
    tokenId: string;
    org: string;
    label: string;
    issuedBy: string;
    issuedAt: string;
    expiresAt: string;
    revokedAt?: string;
}

/** What issuing a telemetry token answers: the bearer token, shown this once. */
export interface IssuedTelemetryToken extends TelemetryTokenView {
    token: string;
}
