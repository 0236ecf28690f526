import { z } from 'zod';
import type { Batch } from './batch';
import type { BatchAnomaly } from './batch-anomaly';
import { Limits } from './limits';
import type { ProductState } from './product';

/** `batch:impact`: one page of a batch's serials, in serial order; the bookmark comes from the previous page. */
export const ImpactPageQuery = z.strictObject({
    pageSize: z.number().int().min(1).max(Limits.impactPageSize).default(Limits.impactPageSize),
    bookmark: z.string().max(1024).default(''),
});
export type ImpactPageQuery = z.input<typeof ImpactPageQuery>;

/**
 * Where a unit stands with respect to holds and recalls: an anomaly holds its batch (`held`), a closed
 * excursion holds it until its manufacturer decides (`excursion_hold`) or it was rejected (`rejected`),
 * its batch is recalled (`recalled`, or what became of it: `sold_before_recall`, `returned`, `destroyed`).
 */
export const HOLD_STATUSES = ['none', 'held', 'excursion_hold', 'rejected', 'recalled', 'sold_before_recall', 'returned', 'destroyed'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

/** The standings that stop a unit where it is: it may not be shipped, labeled or sold. */
export const STOPPING_HOLD_STATUSES: readonly HoldStatus[] = ['held', 'excursion_hold', 'rejected', 'recalled'];

/** One serial of a batch as the impact view shows it. */
export interface ImpactRow {
    serial: string;
    state: ProductState;
    owner: string;
    custodian: string;
    handlingUnit?: string;
    /** The shipment that last carried it. */
    lastShipmentId?: string;
    sold: boolean;
    hold: HoldStatus;
    /** An excursion on one of its shipments touched it. */
    excursion: boolean;
    /** When its record last changed. */
    updatedAt: string;
}

/** What describes the batch on every page of its impact. */
export type ImpactBatch = Pick<Batch, 'batchId' | 'gtin' | 'productName' | 'lot' | 'manufacturer' | 'expiryDate' | 'serialCount'>;

/**
 * One page of a batch's impact. Only the serials the caller may read are on it (a holder: those it
 * holds or held; the batch's manufacturer and auditors: all), so a page may hold fewer rows than it
 * read; `bookmark` leads on all the same, and is empty after the last page.
 */
export interface ImpactPage {
    batch: ImpactBatch;
    /** Every anomaly of the batch, open or not. */
    anomalies: BatchAnomaly[];
    items: ImpactRow[];
    bookmark: string;
    /** Serials this page read, shown or not. */
    read: number;
}
