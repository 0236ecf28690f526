import { z } from 'zod';
import { type TimelineEntry, type RecordStamp } from './common';
import { Serial, Sscc } from './gs1-fields';
import { Limits } from './limits';

export const PackInput = z.strictObject({
    sscc: Sscc.optional(),
    serials: z.array(Serial).min(1).max(Limits.serialsPerHandlingUnit),
});
export type PackInput = z.input<typeof PackInput>;

export interface HandlingUnit extends RecordStamp {
    docType: 'handlingUnit';
    sscc: string;
    gtin: string;
    serials: string[];
    /** The batches its serials come from, sorted; a shipment takes its temperature profile from them. */
    batchIds: string[];
    owner: string;
    shipmentId?: string;
    parties: string[];
    packed: TimelineEntry;
}
