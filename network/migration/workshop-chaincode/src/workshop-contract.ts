import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { PRODUCT_IDS_KEY, productKey, WORKSHOP_STATES, WORKSHOP_TRANSITIONS, type WorkshopProduct } from './workshop-product';

/**
 * Test fixture for the migration tool: the data model and functions of the AWS Managed Blockchain
 * workshop's `supplychaincc` (one key per product, one global list of product keys;
 * createProduct, updateProductState, query), written anew for coldtrace's tests. Not coldtrace:
 * anyone may call anything, as in the workshop.
 *
 * @example
 * // submit createProduct '42'; submit updateProductState '42' 'inspect'; evaluate query 'product_42'
 */
@Info({ title: 'supplychaincc', description: 'Fixture with the AWS workshop supply-chain model' })
export class WorkshopContract extends Contract {
    constructor() {
        super('supplychaincc');
    }

    @Transaction()
    @Returns('string')
    async createProduct(ctx: Context, id: string): Promise<string> {
        if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) {
            throw new Error(`product id ${JSON.stringify(id)} must be 1 to 64 letters, digits, ".", "_" or "-"`);
        }
        const key = productKey(id);
        if ((await ctx.stub.getState(key)).length > 0) {
            throw new Error(`product ${id} exists already`);
        }
        const product: WorkshopProduct = { id, state: 'manufactured', history: { manufactured: txTime(ctx) } };
        const ids = await readJson<string[]>(ctx, PRODUCT_IDS_KEY);
        await ctx.stub.putState(key, Buffer.from(JSON.stringify(product)));
        await ctx.stub.putState(PRODUCT_IDS_KEY, Buffer.from(JSON.stringify([...(ids ?? []), key])));
        return JSON.stringify(product);
    }

    @Transaction()
    @Returns('string')
    async updateProductState(ctx: Context, id: string, transition: string): Promise<string> {
        const product = await readJson<WorkshopProduct>(ctx, productKey(id));
        if (!product) {
            throw new Error(`product ${id} does not exist`);
        }
        const next = WORKSHOP_TRANSITIONS[transition];
        if (!next || WORKSHOP_STATES.indexOf(next) !== WORKSHOP_STATES.indexOf(product.state) + 1) {
            throw new Error(`product ${id} is ${product.state}: ${transition} does not follow`);
        }
        const updated: WorkshopProduct = { ...product, state: next, history: { ...product.history, [next]: txTime(ctx) } };
        await ctx.stub.putState(productKey(id), Buffer.from(JSON.stringify(updated)));
        return JSON.stringify(updated);
    }

    /** The value of any key, as stored. */
    @Transaction(false)
    @Returns('string')
    async query(ctx: Context, key: string): Promise<string> {
        const value = await ctx.stub.getState(key);
        if (value.length === 0) {
            throw new Error(`${key} does not exist`);
        }
        return Buffer.from(value).toString('utf8');
    }
}

async function readJson<T>(ctx: Context, key: string): Promise<T | undefined> {
    const value = await ctx.stub.getState(key);
    return value.length > 0 ? (JSON.parse(Buffer.from(value).toString('utf8')) as T) : undefined;
}

function txTime(ctx: Context): string {
    const { seconds, nanos } = ctx.stub.getTxTimestamp();
    return new Date(Number(seconds.toString()) * 1000 + Math.floor(nanos / 1e6)).toISOString();
}
