import { z } from 'zod';
import { FreeText, IsoDate, RecordId, type RecordStamp, Sha256Hex, type TimelineEntry } from './common';
import { Gtin, Serial } from './gs1-fields';
import { Limits } from './limits';
import { numberedSerial } from './numbered-serial';

/** The temperatures a product tolerates and for how long it may be outside them. */
export const TemperatureProfile = z.strictObject({
    minC: z.number().min(-100).max(100),
    maxC: z.number().min(-100).max(100),
    maxExcursionMinutes: z
        .number()
        .int()
        .min(0)
        .max(7 * 24 * 60),
});
export type TemperatureProfile = z.infer<typeof TemperatureProfile>;

/**
 * Serials to commission: listed one by one (a key each), or a count the chaincode numbers after the
 * batch id (one range on the batch record, so many more fit in one transaction).
 */
const SerialsOrQuantity = {
    serials: z.array(Serial).min(1).max(Limits.serialsPerTransaction).optional(),
    quantity: z.number().int().min(1).max(Limits.numberedSerialsPerTransaction).optional(),
};

/** What describes a batch, without its serials: the fields a create request carries besides them. */
export const BatchFields = {
    batchId: RecordId.optional(),
    gtin: Gtin,
    productName: FreeText(200),
    lot: FreeText(20).optional(),
    productionDate: IsoDate.optional(),
    expiryDate: IsoDate.optional(),
    tempMinC: z.number().min(-100).max(100),
    tempMaxC: z.number().min(-100).max(100),
    maxExcursionMinutes: z
        .number()
        .int()
        .min(0)
        .max(7 * 24 * 60),
};

/**
 * `batch:create`: the batch and its first serials. A request for more serials than one transaction
 * takes names them all in `expectedSerials` and is completed with `batch:commission`; until then the
 * batch is `commissioning` and no read shows it. `requestDigest` identifies the whole request (the
 * API sends SHA-256 of its canonical JSON): creating the same batch id again with the same digest
 * resumes it, with another digest is a conflict.
 */
export const CreateBatchInput = z
    .strictObject({
        ...BatchFields,
        ...SerialsOrQuantity,
        expectedSerials: z.number().int().min(1).max(Limits.serialsPerBatch).optional(),
        requestDigest: Sha256Hex.optional(),
    })
    .refine((b) => b.tempMinC < b.tempMaxC, { message: 'must be greater than tempMinC', path: ['tempMaxC'] })
    .refine((b) => !b.productionDate || !b.expiryDate || b.productionDate < b.expiryDate, {
        message: 'must be after productionDate',
        path: ['expiryDate'],
    })
    .refine((b) => Boolean(b.serials) !== Boolean(b.quantity), { message: 'give either serials or quantity', path: ['quantity'] })
    .refine((b) => b.expectedSerials === undefined || b.expectedSerials >= (b.serials?.length ?? b.quantity ?? 0), {
        message: 'must count the serials of this transaction too',
        path: ['expectedSerials'],
    });
export type CreateBatchInput = z.input<typeof CreateBatchInput>;

/**
 * `batch:commission`: more serials. A chunk of a create request too large for one transaction carries
 * the request's digest: a batch still being commissioned takes chunks of its own request only.
 */
export const CommissionInput = z
    .strictObject({ ...SerialsOrQuantity, requestDigest: Sha256Hex.optional() })
    .refine((c) => Boolean(c.serials) !== Boolean(c.quantity), { message: 'give either serials or quantity', path: ['quantity'] });
export type CommissionInput = z.input<typeof CommissionInput>;

/**
 * A batch is `commissioning` while the serials of the request that created it are still being
 * written, in several transactions, and `commissioned` once they all are. Every read treats a
 * commissioning batch and its serials as absent, so a crash halfway leaves nothing half-made in view.
 */
export const BATCH_STATES = ['commissioning', 'commissioned'] as const;
export type BatchState = (typeof BATCH_STATES)[number];

/**
 * Whether a batch is still being commissioned. Batches written before commissioning had states were
 * made in one transaction: complete.
 *
 * @example
 * isCommissioning({ state: 'commissioning' }); // true
 */
export function isCommissioning(batch: Pick<Batch, 'state'>): boolean {
    return batch.state === 'commissioning';
}

/**
 * The serials the chaincode gives a batch when a request asks for a quantity: the batch id, a dot
 * and a running number, continuing after the serials it already has.
 *
 * @example
 * numberedSerials('B1', 2, 3); // ['B1.3', 'B1.4', 'B1.5']
 */
export function numberedSerials(batchId: string, already: number, count: number): string[] {
    return Array.from({ length: count }, (_, i) => numberedSerial(batchId, already + i + 1));
}

/** What `batch:create` and `batch:commission` answer. */
export interface CommissionedSerials {
    batchId: string;
    /** The serials this transaction commissioned; none when a retried create found its batch there already. */
    serials: string[];
    /** Serials of the batch on the ledger now. */
    serialCount: number;
    /** Serials of the request that created the batch: it is complete once `serialCount` reaches them. */
    expectedSerials: number;
}

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
    /** Absent on batches written before commissioning had states: those are commissioned. */
    state?: BatchState;
    /** How many serials the creating request commissions. */
    expectedSerials?: number;
    /** SHA-256 of the creating request: a create that presents it again resumes instead of conflicting. */
    requestDigest?: string;
    parties: string[];
    created: TimelineEntry;
    /**
     * Serials numbered by a quantity, a range per transaction, in order. Their product records are
     * not written when they are commissioned: each is read from its range until its first step
     * writes it (see `NumberedRange`).
     */
    numbered?: NumberedRange[];
}

/**
 * The serials `<batchId>.<first>` to `<batchId>.<first + count - 1>`, commissioned by one transaction
 * whose step is `commissioned`. A serial of a range with no product record of its own is that
 * transaction's product: manufactured, owned and held by the manufacturer.
 */
export interface NumberedRange {
    first: number;
    count: number;
    commissioned: TimelineEntry;
}
