import { z } from 'zod';
import { MspIdSchema, RecordId, TimelineEntry, RecordStamp } from './common';
import { Gtin } from './gs1-fields';
import { Limits } from './limits';

export const ORDER_STATES = ['placed', 'accepted', 'shipped', 'delivered'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export const PlaceOrderInput = z.strictObject({
    orderId: RecordId.optional(),
    gtin: Gtin,
    quantity: z.number().int().min(1).max(Limits.orderQuantity),
    manufacturer: MspIdSchema,
});
export type PlaceOrderInput = z.input<typeof PlaceOrderInput>;

/** Name of the transient field that carries an order's price, so it never enters a block. */
export const ORDER_TERMS_TRANSIENT_KEY = 'terms';

/** Commercial terms: passed as transient data and kept in the order-terms private collection. */
export const OrderTerms = z.strictObject({
    unitPrice: z.number().min(0).max(1e9),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
});
export type OrderTerms = z.infer<typeof OrderTerms>;

export interface Order extends RecordStamp {
    docType: 'order';
    orderId: string;
    gtin: string;
    quantity: number;
    retailer: string;
    manufacturer: string;
    carrier?: string;
    state: OrderState;
    shipmentIds: string[];
    hasTerms: boolean;
    parties: string[];
    timeline: TimelineEntry[];
}

export interface StoredOrderTerms extends OrderTerms {
    orderId: string;
}
