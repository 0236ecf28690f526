import { z } from 'zod';
import { IsoDateTime, RecordId, type RecordStamp, Sha256Hex } from './common';
import { SensorId } from './shipment';

export const AnchorDigestInput = z
    .strictObject({
        shipmentId: RecordId,
        sensorId: SensorId,
        windowStart: IsoDateTime,
        windowEnd: IsoDateTime,
        count: z.number().int().min(0),
        minC: z.number().min(-200).max(200),
        maxC: z.number().min(-200).max(200),
        merkleRoot: Sha256Hex,
    })
    .refine((d) => Date.parse(d.windowEnd) > Date.parse(d.windowStart), { message: 'must be after windowStart', path: ['windowEnd'] })
    .refine((d) => d.minC <= d.maxC, { message: 'must not be below minC', path: ['maxC'] });
export type AnchorDigestInput = z.input<typeof AnchorDigestInput>;

/** Proof of one window of raw readings kept off chain: whoever holds the readings can recompute it. */
export interface TelemetryDigest extends RecordStamp {
    docType: 'telemetryDigest';
    shipmentId: string;
    sensorId: string;
    windowStart: string;
    windowEnd: string;
    count: number;
    minC: number;
    maxC: number;
    merkleRoot: string;
    parties: string[];
    anchoredAt: string;
}
