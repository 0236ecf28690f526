import { Info, Returns, Transaction } from 'fabric-contract-api';
import { z } from 'zod';
import { canonicalJson } from '../ledger/canonical-json';
import { ColdtraceContext } from '../ledger/coldtrace-context';
import { parseInput } from '../ledger/input';
import { disposeProduct } from '../lifecycle/product-disposal';
import { PRODUCT_STEPS, takeStep } from '../lifecycle/product-step';
import { PageQuery } from '../model/common';
import { ALL_PRODUCT_STATES, type Product, type ProductEndState } from '../model/product';
import { FlagReader } from '../views/product-view';
import { visiblePage, visibleRecord } from '../views/visible-page';
import { ColdtraceContract } from './coldtrace-contract';

const ProductListQuery = PageQuery.extend({ state: z.enum(ALL_PRODUCT_STATES).optional() });

/**
 * Steps a single product takes at the manufacturer (inspect) and at the retailer (stock, label,
 * sell), and how a recalled or rejected one leaves the chain (return, destroy) at whoever holds it.
 *
 * @example
 * // submit product:stock 'B3F9A0C12D4.1'   (as a retailer that received the product)
 * // submit product:return 'B3F9A0C12D4.2'  (as its holder, once its batch is recalled)
 */
@Info({ title: 'product', description: 'Serialized products and their lifecycle' })
export class ProductContract extends ColdtraceContract {
    constructor() {
        super('product');
    }

    @Transaction()
    @Returns('string')
    async inspect(ctx: ColdtraceContext, serial: string): Promise<string> {
        return canonicalJson(await takeStep(ctx, PRODUCT_STEPS['product:inspect'], serial));
    }

    @Transaction()
    @Returns('string')
    async stock(ctx: ColdtraceContext, serial: string): Promise<string> {
        return canonicalJson(await takeStep(ctx, PRODUCT_STEPS['product:stock'], serial));
    }

    @Transaction()
    @Returns('string')
    async label(ctx: ColdtraceContext, serial: string): Promise<string> {
        return canonicalJson(await takeStep(ctx, PRODUCT_STEPS['product:label'], serial));
    }

    @Transaction()
    @Returns('string')
    async sell(ctx: ColdtraceContext, serial: string): Promise<string> {
        return canonicalJson(await takeStep(ctx, PRODUCT_STEPS['product:sell'], serial));
    }

    /** The holder of a recalled or rejected unit hands it back: its manufacturer owns and holds it again. */
    @Transaction()
    @Returns('string')
    async return(ctx: ColdtraceContext, serial: string): Promise<string> {
        return this.#dispose(ctx, serial, 'returned');
    }

    /** The holder of a recalled or rejected unit (or its manufacturer, once returned) records its destruction. */
    @Transaction()
    @Returns('string')
    async destroy(ctx: ColdtraceContext, serial: string): Promise<string> {
        return this.#dispose(ctx, serial, 'destroyed');
    }

    @Transaction(false)
    @Returns('string')
    async get(ctx: ColdtraceContext, serial: string): Promise<string> {
        return canonicalJson(await new FlagReader(ctx).view(await visibleRecord<Product>(ctx, 'product', serial)));
    }

    /** Products the caller is party to (auditors: all), optionally in one state, a page at a time. */
    @Transaction(false)
    @Returns('string')
    async list(ctx: ColdtraceContext, queryJson: string): Promise<string> {
        const query = parseInput(ProductListQuery, queryJson, 'query');
        const page = await visiblePage<Product>(ctx, 'product', query.state, query);
        const flags = new FlagReader(ctx);
        return canonicalJson({ ...page, items: await Promise.all(page.items.map((product) => flags.view(product))) });
    }

    async #dispose(ctx: ColdtraceContext, serial: string, target: ProductEndState): Promise<string> {
        const product = await ctx.store.require<Product>('product', [serial], `product ${serial}`);
        const { product: next, cause } = await disposeProduct(ctx, product, target);
        ctx.announce({
            type: target === 'returned' ? 'ProductReturned' : 'ProductDestroyed',
            parties: next.parties,
            ids: { serial, batchId: next.batchId },
            state: target,
            ...cause,
        });
        return canonicalJson(next);
    }
}
