import { z } from 'zod';
import { FreeText, IsoDate, RecordId, RecordStamp, TimelineEntry } from './common';
import { Gtin, Serial } from './gs1-fields';
import { Limits } from './limits';

/** The temperatures a product tolerates and for how long it may be outside them. */
export const TemperatureProfile = z.strictObject({
    minC: z.number().min(-100).max(100),
    maxC: z.number().min(-100).max(100),
    maxExcursionMinutes: z.number().int().min(0).max(7 * 24 * 60),
});
export type TemperatureProfile = z.infer<typeof TemperatureProfile>;

/** Serials to commission: listed one by one, or a count the chaincode numbers after the batch id. */
const SerialsOrQuantity = {
    serials: z.array(Serial).min(1).max(Limits.serialsPerTransaction).optional(),
    quantity: z.number().int().min(1).max(Limits.serialsPerTransaction).optional(),
};

export const CreateBatchInput = z
    .strictObject({
        batchId: RecordId.optional(),
        gtin: Gtin,
        productName: FreeText(200),
        lot: FreeText(20).optional(),
        productionDate: IsoDate.optional(),
        expiryDate: IsoDate.optional(),
        tempMinC: z.number().min(-100).max(100),
        tempMaxC: z.number().min(-100).max(100),
        maxExcursionMinutes: z.number().int().min(0).max(7 * 24 * 60),
        ...SerialsOrQuantity,
    })
    .refine((b) => b.tempMinC < b.tempMaxC, { message: 'must be greater than tempMinC', path: ['tempMaxC'] })
    .refine((b) => !b.productionDate || !b.expiryDate || b.productionDate < b.expiryDate, {
        message: 'must be after productionDate',
        path: ['expiryDate'],
    })
    .refine((b) => Boolean(b.serials) !== Boolean(b.quantity), { message: 'give either serials or quantity', path: ['quantity'] });
export type CreateBatchInput = z.input<typeof CreateBatchInput>;

export const CommissionInput = z
    .strictObject(SerialsOrQuantity)
    .refine((c) => Boolean(c.serials) !== Boolean(c.quantity), { message: 'give either serials or quantity', path: ['quantity'] });
export type CommissionInput = z.input<typeof CommissionInput>;

export interface Batch extends RecordStamp {
    docType: 'batch';
    batchId: string;
    gtin: string;
    productName: string;
    lot?: string;
    manufacturer: string;
    productionDate?: string;
    expiryDate?: string;
    temperatureProfile: TemperatureProfile;
    serialCount: number;
    parties: string[];
    created: TimelineEntry;
}
