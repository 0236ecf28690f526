import { Info, Param, Returns, Transaction } from 'fabric-contract-api';
import { BULK_STEPS, type BulkStep } from '../access/rules-table';
import { canonicalJson } from '../ledger/canonical-json';
import type { ColdtraceContext } from '../ledger/coldtrace-context';
import { parseInput } from '../ledger/input';
import { takeBulkStep } from '../lifecycle/bulk-step';
import { PRODUCT_STEPS } from '../lifecycle/product-step';
import { BulkStepInput } from '../model/bulk-step';
import { ColdtraceContract } from './coldtrace-contract';

/**
 * Product steps on many serials at once: one transaction `bulk:<step>` for each step of BULK_STEPS in
 * the rules table, declared from that list, so a step added there is a transaction here without
 * another line. Each takes `{"serials":[…]}` or `{"sscc":"…"}` and is all or nothing.
 *
 * @example
 * // submit bulk:stock '{"sscc":"106141411234567897"}'   (as the retailer that received the unit)
 */
@Info({ title: 'bulk', description: 'Product steps on many serials or a handling unit in one transaction' })
export class BulkContract extends ColdtraceContract {
    constructor() {
        super('bulk');
    }

    /** The transaction behind every `bulk:<step>`. */
    async step(ctx: ColdtraceContext, step: BulkStep, inputJson: string): Promise<string> {
        const input = parseInput(BulkStepInput, inputJson, `bulk ${step}`);
        return canonicalJson(await takeBulkStep(ctx, step, PRODUCT_STEPS[BULK_STEPS[step]], input));
    }
}

// The decorators, applied as functions: what `@Transaction() @Returns('string')` on a method
// `stock(ctx, inputJson: string)` would declare.
for (const step of Object.keys(BULK_STEPS) as BulkStep[]) {
    Object.defineProperty(BulkContract.prototype, step, {
        value: function (this: BulkContract, ctx: ColdtraceContext, inputJson: string): Promise<string> {
            return this.step(ctx, step, inputJson);
        },
    });
    Transaction()(BulkContract.prototype, step);
    Param('inputJson', 'string')(BulkContract.prototype, step);
    Returns('string')(BulkContract.prototype, step);
}
