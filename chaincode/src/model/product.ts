import { TimelineEntry, RecordStamp } from './common';

/** A serialized item's life, in order. Each state is reached from the one before it only. */
export const PRODUCT_STATES = ['manufactured', 'inspected', 'packed', 'shipped', 'received', 'stocked', 'labeled', 'sold'] as const;
export type ProductState = (typeof PRODUCT_STATES)[number];

export interface Product extends RecordStamp {
    docType: 'product';
    serial: string;
    gtin: string;
    batchId: string;
    state: ProductState;
    owner: string;
    custodian: string;
    handlingUnit?: string;
    shipmentId?: string;
    shipments: string[];
    parties: string[];
    timeline: TimelineEntry[];
}

/**
 * Flags are derived when the product is read, from the excursions of its shipments and the anomalies
 * of its batch, so that recording an excursion or an anomaly never rewrites thousands of product keys.
 */
export interface ProductFlags {
    excursion: boolean;
    /** An open anomaly holds the product's batch: it may not be shipped, labeled or sold. */
    anomaly: boolean;
}
