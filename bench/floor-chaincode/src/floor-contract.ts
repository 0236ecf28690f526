import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';

/** What `floor:put` stores under every key: constant, so every endorser computes the same write set. */
export const FLOOR_VALUE = '1';

/**
 * The floor of the write benchmarks: one blind write of one key, no reads, no validation beyond the
 * key itself, no events. Whatever a coldtrace transaction costs above this is coldtrace's own cost;
 * the rest is Fabric's (endorsement, ordering, validation, commit). A benchmark aid only: the
 * coldtrace backend never calls it.
 *
 * @example
 * // submit floor:put 'k-42'     then     evaluate floor:get 'k-42'  ->  '1'
 */
@Info({ title: 'floor', description: 'One-key put, the cheapest transaction, for benchmarks' })
export class FloorContract extends Contract {
    constructor() {
        super('floor');
    }

    @Transaction()
    async put(ctx: Context, key: string): Promise<void> {
        await ctx.stub.putState(checkedKey(key), Buffer.from(FLOOR_VALUE));
    }

    @Transaction(false)
    @Returns('string')
    async get(ctx: Context, key: string): Promise<string> {
        const value = await ctx.stub.getState(checkedKey(key));
        if (!value || value.length === 0) {
            throw new Error(`NOT_FOUND: no floor key ${JSON.stringify(key)}`);
        }
        return Buffer.from(value).toString('utf8');
    }
}

/** Keys are 1–256 printable ASCII characters (Fabric refuses some others, e.g. a leading 0x00); the
 * message starts with the code coldtrace clients already read back (INVALID_ARGUMENT, NOT_FOUND). */
function checkedKey(key: unknown): string {
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,256}$/.test(key)) {
        throw new Error(`INVALID_ARGUMENT: a floor key is 1 to 256 printable ASCII characters without spaces, not ${JSON.stringify(key)}`);
    }
    return key;
}
