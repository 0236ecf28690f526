import { z } from 'zod';
import { IsoDateTime, RecordId, type RecordStamp } from './common';
import type { ExcursionDisposition } from './excursion-disposition';
import { SensorId } from './shipment';

export const RecordExcursionInput = z
    .strictObject({
        excursionId: RecordId,
        shipmentId: RecordId,
        sensorId: SensorId,
        kind: z.enum(['high', 'low']),
        startAt: IsoDateTime,
        endAt: IsoDateTime.optional(),
        peakC: z.number().min(-200).max(200),
        durationMinutes: z.number().min(0).max(1e6),
        meanKineticC: z.number().min(-200).max(200).optional(),
    })
    .refine((e) => !e.endAt || Date.parse(e.endAt) >= Date.parse(e.startAt), { message: 'must not be before startAt', path: ['endAt'] });
export type RecordExcursionInput = z.input<typeof RecordExcursionInput>;

export interface Excursion extends RecordStamp {
    docType: 'excursion';
    excursionId: string;
    shipmentId: string;
    sensorId: string;
    kind: 'high' | 'low';
    status: 'open' | 'closed';
    startAt: string;
    endAt?: string;
    peakC: number;
    durationMinutes: number;
    meanKineticC?: number;
    affectedSerials: string[];
    parties: string[];
    recordedAt: string;
    /** The manufacturer's release or rejection of the affected units, once the excursion is closed. */
    disposition?: ExcursionDisposition;
}
