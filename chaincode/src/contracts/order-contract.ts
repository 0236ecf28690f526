import { Info, Returns, Transaction } from 'fabric-contract-api';
import { z } from 'zod';
import { requireParty } from '../access/access-rules';
import { RELATIONSHIPS } from '../access/rules-table';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors/chaincode-error';
import { canonicalJson } from '../ledger/canonical-json';
import { ColdtraceContext } from '../ledger/coldtrace-context';
import { implicitCollection } from '../ledger/implicit-collection';
import { parseInput } from '../ledger/input';
import { derivedId, stamp } from '../lifecycle/record-stamp';
import { requireTransition } from '../lifecycle/transition';
import { PageQuery } from '../model/common';
import { ORDER_STATES, ORDER_TERMS_TRANSIENT_KEY, type Order, OrderTerms, orderTermsHolders, PlaceOrderInput, type StoredOrderTerms } from '../model/order';
import { visiblePage, visibleRecord } from '../views/visible-page';
import { ColdtraceContract } from './coldtrace-contract';

const OrderListQuery = PageQuery.extend({ state: z.enum(ORDER_STATES).optional() });

/**
 * Orders from a retailer to a manufacturer. Prices travel as transient data into the buyer's and
 * the seller's implicit private data collections, which only their own peers hold; the block
 * carries hashes only.
 *
 * @example
 * // submit order:place '{"gtin":"09506000134352","quantity":100,"manufacturer":"ManufacturerMSP"}   (any active member with the manufacturer role)'
 * //   with transient terms='{"unitPrice":"12.50","currency":"EUR"}', endorsed by the retailer's and the manufacturer's peers
 */
@Info({ title: 'order', description: 'Orders between retailers and manufacturers' })
export class OrderContract extends ColdtraceContract {
    constructor() {
        super('order');
    }

    @Transaction()
    @Returns('string')
    async place(ctx: ColdtraceContext, inputJson: string): Promise<string> {
        const input = parseInput(PlaceOrderInput, inputJson, 'order');
        await ctx.membership.requireActiveWithRole(input.manufacturer, 'manufacturer', 'manufacturer');
        const orderId = input.orderId ?? derivedId('O', ctx.txId);
        if (await ctx.store.exists('order', [orderId])) {
            throw new ConflictError(`order ${orderId} already exists`);
        }
        const terms = readTransientTerms(ctx);
        const order: Order = {
            docType: 'order',
            orderId,
            gtin: input.gtin,
            quantity: input.quantity,
            retailer: ctx.caller.org,
            manufacturer: input.manufacturer,
            state: 'placed',
            quantityShipped: 0,
            quantityReceived: 0,
            shipmentIds: [],
            hasTerms: terms !== undefined,
            parties: [ctx.caller.org, input.manufacturer],
            timeline: [ctx.step('placed')],
            ...stamp(ctx),
        };
        await ctx.store.put('order', [orderId], order);
        if (terms) {
            const stored: StoredOrderTerms = { orderId, ...terms };
            for (const holder of orderTermsHolders(order)) {
                await ctx.stub.putPrivateData(implicitCollection(holder), orderId, Buffer.from(canonicalJson(stored)));
            }
        }
        await ctx.index.move('order', orderId, undefined, { parties: order.parties, state: order.state });
        ctx.announce({ type: 'OrderPlaced', parties: order.parties, ids: { orderId } });
        return canonicalJson({ orderId });
    }

    @Transaction()
    @Returns('string')
    async accept(ctx: ColdtraceContext, orderId: string): Promise<string> {
        const order = await ctx.store.require<Order>('order', [orderId], `order ${orderId}`);
        requireParty(ctx, order.manufacturer, 'orderSeller', `accept order ${orderId}`);
        requireTransition(ORDER_STATES, order.state, 'accepted', `order ${orderId}`);
        const next: Order = { ...order, ...stamp(ctx), state: 'accepted', timeline: [...order.timeline, ctx.step('accepted')] };
        await ctx.store.put('order', [orderId], next);
        await ctx.index.move('order', orderId, order, next);
        ctx.announce({ type: 'OrderAccepted', parties: next.parties, ids: { orderId } });
        return canonicalJson(next);
    }

    @Transaction(false)
    @Returns('string')
    async get(ctx: ColdtraceContext, orderId: string): Promise<string> {
        return canonicalJson(await visibleRecord<Order>(ctx, 'order', orderId));
    }

    /**
     * The order's price: readable by its manufacturer and retailer only, never by carriers or
     * auditors. It is read from the caller's own organization's implicit collection, which only
     * that organization's peers hold: the query must run on one of them (the Gateway of the
     * caller's own peer evaluates there).
     */
    @Transaction(false)
    @Returns('string')
    async getTerms(ctx: ColdtraceContext, orderId: string): Promise<string> {
        const order = await ctx.store.require<Order>('order', [orderId], `order ${orderId}`);
        const holders = orderTermsHolders(order);
        if (!holders.includes(ctx.caller.org)) {
            throw new ForbiddenError(`the terms of order ${orderId} are private to its ${RELATIONSHIPS.orderParty}: ${holders.join(' and ')}`);
        }
        const bytes = await ctx.stub.getPrivateData(implicitCollection(ctx.caller.org), orderId);
        if (!bytes || bytes.length === 0) {
            throw new NotFoundError(`order ${orderId} has no terms`);
        }
        return Buffer.from(bytes).toString('utf8');
    }

    @Transaction(false)
    @Returns('string')
    async list(ctx: ColdtraceContext, queryJson: string): Promise<string> {
        const query = parseInput(OrderListQuery, queryJson, 'query');
        return canonicalJson(await visiblePage<Order>(ctx, 'order', query.state, query));
    }
}

function readTransientTerms(ctx: ColdtraceContext): OrderTerms | undefined {
    const bytes = ctx.stub.getTransient().get(ORDER_TERMS_TRANSIENT_KEY);
    if (!bytes || bytes.length === 0) {
        return undefined;
    }
    return parseInput(OrderTerms, Buffer.from(bytes).toString('utf8'), 'order terms');
}
