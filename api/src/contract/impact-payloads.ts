import { z } from 'zod';
import { type BatchAnomaly, HOLD_STATUSES, type ImpactBatch, type ImpactRow, MspIdSchema, ALL_PRODUCT_STATES, type ProductState } from '@coldtrace/chaincode/model';

/** Units one JSON answer of the impact view lists at most; the CSV lists every matching unit. */
export const MAX_IMPACT_UNITS = 10_000;

/**
 * `GET /batches/{batchId}/impact`: which units to list (every filter must hold), which slice of them,
 * and whether as JSON or CSV (`format=csv`, or `Accept: text/csv`). Totals always count every unit
 * the caller may see, filtered or not.
 *
 * @example
 * GET /api/v1/batches/B1/impact?state=stocked&custodian=RetailerMSP&format=csv
 */
export const ImpactQuery = z.strictObject({
    state: z.enum(ALL_PRODUCT_STATES).optional(),
    owner: MspIdSchema.optional(),
    custodian: MspIdSchema.optional(),
    hold: z.enum(HOLD_STATUSES).optional(),
    sold: z
        .enum(['true', 'false'])
        .transform((value) => value === 'true')
        .optional(),
    format: z.enum(['json', 'csv']).optional(),
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(MAX_IMPACT_UNITS).default(1000),
});
export type ImpactQuery = z.input<typeof ImpactQuery>;
export type ImpactFilter = Pick<z.output<typeof ImpactQuery>, 'state' | 'owner' | 'custodian' | 'hold' | 'sold'>;

/** Where a shipment's sensors last reported, from the telemetry store. */
export interface LastPosition {
    lat: number;
    lon: number;
    /** The reading's own time. */
    at: string;
    sensorId: string;
}

/** One unit of the impact view: the chaincode's row and, when telemetry knows it, where its last shipment last was. */
export interface ImpactUnit extends ImpactRow {
    lastPosition?: LastPosition;
}

/** Units per state, over the units counted. */
export type StateCounts = Partial<Record<ProductState, number>>;

/** What the impact view counts over every unit the caller may see. */
export interface ImpactTotals {
    units: number;
    sold: number;
    held: number;
    excursion: number;
    byState: StateCounts;
    /** Per organization that has the units in its custody: how many, in which states. */
    byCustodian: Record<string, { units: number; byState: StateCounts }>;
    /** Per organization that owns the units. */
    byOwner: Record<string, number>;
}

/** `GET /batches/{batchId}/impact` as JSON. */
export interface BatchImpact {
    batch: ImpactBatch;
    anomalies: BatchAnomaly[];
    totals: ImpactTotals;
    /** Units that pass the filter; `units` is the slice `offset`…`offset + limit` of them. */
    matching: number;
    offset: number;
    limit: number;
    units: ImpactUnit[];
}

/**
 * Whether a unit passes the impact view's filter.
 *
 * @example
 * matchesImpactFilter(row, { state: 'stocked', sold: false }); // true for a stocked unit
 */
export function matchesImpactFilter(row: ImpactRow, filter: ImpactFilter): boolean {
    return (
        (filter.state === undefined || row.state === filter.state) &&
        (filter.owner === undefined || row.owner === filter.owner) &&
        (filter.custodian === undefined || row.custodian === filter.custodian) &&
        (filter.hold === undefined || row.hold === filter.hold) &&
        (filter.sold === undefined || row.sold === filter.sold)
    );
}
