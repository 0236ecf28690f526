import { productParty } from '../access/product-party';
import { requireParty } from '../access/access-rules';
import { ruleOf, type SteppedTransaction } from '../access/rules-table';
import type { ColdtraceContext } from '../ledger/coldtrace-context';
import type { Product, ProductEndState, ProductState } from '../model/product';
import { disposeProduct } from './product-disposal';
import { plannedAdvance, saveProduct } from './product-steps';

/**
 * A step one product takes, as its single-serial transaction and the bulk one (`bulk:<step>`) both
 * run it: `take` checks the caller's relationship to this product and the product's state, writes
 * it, and refuses with a ChaincodeError. Roles were checked once, before the transaction ran.
 */
export interface ProductStep {
    /** The single-serial transaction, whose rule names the relationship `take` checks. */
    transaction: SteppedTransaction;
    /** The step's verb, as refusals say it: `stock`. */
    verb: string;
    /** The state the product reaches. */
    reaches: ProductState;
    take(ctx: ColdtraceContext, product: Product): Promise<Product>;
    /**
     * For steps a handling unit's products may take together (see `UnitSteps`): what `take` would write,
     * with every check it makes, written nowhere.
     */
    plan?(ctx: ColdtraceContext, product: Product): Promise<Product>;
}

/**
 * A step the party its rule names takes to move the product on to `reaches`; the lifecycle order and
 * the batch holds are `advanceProduct`'s.
 *
 * @example
 * ruleStep('product:stock', 'stocked');
 */
export function ruleStep(transaction: SteppedTransaction, reaches: ProductState): ProductStep {
    const verb = transaction.slice(transaction.indexOf(':') + 1);
    const { relationship } = ruleOf(transaction);
    const plan = async (ctx: ColdtraceContext, product: Product): Promise<Product> => {
        requireParty(ctx, productParty(product, relationship), relationship, `${verb} product ${product.serial}`);
        return plannedAdvance(ctx, product, reaches);
    };
    return {
        transaction,
        verb,
        reaches,
        plan,
        take: async (ctx, product) => {
            const next = await plan(ctx, product);
            await saveProduct(ctx, product, next);
            return next;
        },
    };
}

/**
 * The return or destruction of a recalled or rejected unit: `disposeProduct` checks the caller holds it
 * (owner or custodian) and why it must leave the chain.
 *
 * @example
 * disposalStep('product:destroy', 'destroyed');
 */
export function disposalStep(transaction: 'product:return' | 'product:destroy', reaches: ProductEndState): ProductStep {
    return {
        transaction,
        verb: transaction.slice(transaction.indexOf(':') + 1),
        reaches,
        take: async (ctx, product) => (await disposeProduct(ctx, product, reaches)).product,
    };
}

/**
 * The per-serial logic of every step that has a bulk form (BULK_STEPS in the rules table): the
 * compiler asks for an entry here when a step is added there.
 */
export const PRODUCT_STEPS: Record<SteppedTransaction, ProductStep> = {
    'product:inspect': ruleStep('product:inspect', 'inspected'),
    'product:stock': ruleStep('product:stock', 'stocked'),
    'product:label': ruleStep('product:label', 'labeled'),
    'product:sell': ruleStep('product:sell', 'sold'),
    'product:return': disposalStep('product:return', 'returned'),
    'product:destroy': disposalStep('product:destroy', 'destroyed'),
};

/**
 * Takes a step on one serial: the single-serial transactions.
 *
 * @example
 * return canonicalJson(await takeStep(ctx, PRODUCT_STEPS['product:sell'], serial));
 */
export async function takeStep(ctx: ColdtraceContext, step: ProductStep, serial: string): Promise<Product> {
    const product = await ctx.store.require<Product>('product', [serial], `product ${serial}`);
    const next = await step.take(ctx, product);
    ctx.announce({ type: 'ProductStateChanged', parties: next.parties, ids: { serial, batchId: next.batchId }, state: next.state });
    return next;
}
