import { z } from 'zod';
import { MspIdSchema, RecordId, type TimelineEntry, type RecordStamp } from './common';
import { Gtin } from './gs1-fields';
import { Limits } from './limits';
import { amountFitsCurrency, Currency, DecimalAmount } from './money';

/**
 * An order is `shipped` once every unit ordered has been picked up, over however many shipments, and
 * `delivered` once every unit has been received; until then it stays `accepted` and its quantities
 * tell how far it is.
 */
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

/**
 * The organizations that hold an order's terms, each in its own implicit private data collection:
 * its buyer and its seller, whoever they are. Their peers, and only theirs, endorse the placing of
 * an order with terms, so the price reaches no other organization's peer.
 *
 * @example
 * orderTermsHolders({ retailer: 'Retailer2MSP', manufacturer: 'ManufacturerMSP' }); // ['Retailer2MSP', 'ManufacturerMSP']
 */
export function orderTermsHolders(order: Pick<Order, 'retailer' | 'manufacturer'>): string[] {
    return [...new Set([order.retailer, order.manufacturer])];
}

/**
 * Commercial terms: passed as transient data and kept in the buyer's and the seller's implicit
 * private data collections. The price is a decimal string with no more decimals than its currency has.
 *
 * @example
 * OrderTerms.parse({ unitPrice: '12.50', currency: 'EUR' });
 */
export const OrderTerms = z.strictObject({ unitPrice: DecimalAmount, currency: Currency }).superRefine(amountFitsCurrency('unitPrice'));
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
    /** Units on this order's shipments that carriers have picked up. */
    quantityShipped: number;
    /** Units on this order's shipments that the retailer has received. */
    quantityReceived: number;
    shipmentIds: string[];
    hasTerms: boolean;
    parties: string[];
    timeline: TimelineEntry[];
}

export interface StoredOrderTerms extends OrderTerms {
    orderId: string;
}
