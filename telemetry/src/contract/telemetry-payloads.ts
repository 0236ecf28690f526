import { z } from 'zod';
import { RecordId, SensorId, type TelemetryDigest } from '@coldtrace/chaincode/model';
import type { Reading } from '@coldtrace/iot-sensor/protocol';

export const RegisterSensorBody = z.strictObject({ sensorId: SensorId });
export type RegisterSensorBody = z.input<typeof RegisterSensorBody>;

export const SensorParams = z.strictObject({ sensorId: SensorId });

/** A device's PKCS#10 request; its private key never leaves the device. */
export const CertificateRequestBody = z.strictObject({
    csrPem: z
        .string()
        .min(100)
        .max(16_384)
        .regex(/-----BEGIN CERTIFICATE REQUEST-----/, 'must be a PEM-encoded PKCS#10 request'),
});
export type CertificateRequestBody = z.input<typeof CertificateRequestBody>;

export const ShipmentTelemetryParams = z.strictObject({ shipmentId: RecordId });

/** `GET /shipments/{shipmentId}/telemetry`: a page of readings in event-time order. */
export const TelemetryQuery = z.strictObject({
    sensorId: SensorId.optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(1000),
    /** The `next` cursor of the previous page. */
    after: z.string().max(200).optional(),
});
export type TelemetryQuery = z.input<typeof TelemetryQuery>;

/** A sensor registered to the carrier that owns it. */
export interface RegisteredSensor {
    sensorId: string;
    /** The organization (MSP ID) that owns the device. */
    owner: string;
    registeredBy: string;
    registeredAt: string;
    certificates: number;
}

/** What `POST /sensors/{sensorId}/certificate` answers: the device certificate and the CA to trust. */
export interface IssuedDeviceCertificate {
    certificatePem: string;
    caPem: string;
}

/** One raw reading as the telemetry store keeps it. */
export interface StoredReading extends Reading {
    shipmentId: string;
    receivedAt: string;
    /** Arrived after its window's digest was anchored: kept, but outside the anchored proof. */
    lateAfterAnchor?: boolean;
}

/** One page of a shipment's readings in event-time order; `next` is absent on the last page. */
export interface TelemetryPage {
    shipmentId: string;
    items: StoredReading[];
    next?: string;
}

export type WindowVerdict =
    /** The stored readings hash to the anchored root, count, min and max. */
    | 'verified'
    /** The stored readings do not match the anchored digest: something was changed, added or removed. */
    | 'mismatch'
    /** The window has readings but no digest on the ledger yet (still open, or waiting to be anchored). */
    | 'not_anchored'
    /** The ledger anchors a window of which no reading is stored any more. */
    | 'readings_missing';

/** Count, extremes and Merkle root of one window's readings. */
type DigestFigures = Pick<TelemetryDigest, 'count' | 'minC' | 'maxC' | 'merkleRoot'>;

export interface WindowVerification {
    sensorId: string;
    windowStart: string;
    windowEnd: string;
    verdict: WindowVerdict;
    stored?: DigestFigures;
    anchored?: DigestFigures & Pick<TelemetryDigest, 'txId' | 'anchoredAt'>;
    /** Readings whose content no longer matches the hash taken when they arrived. */
    alteredReadings?: { sensorId: string; seq: number }[];
}

/** `GET /shipments/{shipmentId}/telemetry/verify`: intact when no window is `mismatch` or `readings_missing`. */
export interface TelemetryVerification {
    shipmentId: string;
    intact: boolean;
    windows: WindowVerification[];
}
