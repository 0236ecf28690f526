import { Info, Returns, Transaction } from 'fabric-contract-api';
import { requireOrg, requireParty } from '../access/access-rules';
import { Org } from '../access/org';
import { InvalidArgumentError } from '../errors/chaincode-error';
import { canonicalJson } from '../ledger/canonical-json';
import { ColdtraceContext } from '../ledger/coldtrace-context';
import { parseInput } from '../ledger/input';
import { derivedId, stamp } from '../lifecycle/record-stamp';
import type { Batch } from '../model/batch';
import { type BatchAnomaly, ReportAnomalyInput } from '../model/batch-anomaly';
import type { Product } from '../model/product';
import { ColdtraceContract } from './coldtrace-contract';

/**
 * Batch anomalies reported by retailers from customer complaints. One anomaly flags every serial of
 * the batch (the recall view) without rewriting any product.
 *
 * @example
 * // submit anomaly:report 'B3F9A0C12D4' '{"reason":"vial cloudy","serial":"B3F9A0C12D4.7"}'
 */
@Info({ title: 'anomaly', description: 'Batch anomalies from complaints' })
export class AnomalyContract extends ColdtraceContract {
    constructor() {
        super('anomaly');
    }

    @Transaction()
    @Returns('string')
    async report(ctx: ColdtraceContext, batchId: string, inputJson: string): Promise<string> {
        requireOrg(ctx, Org.Retailer, 'report batch anomalies');
        const input = parseInput(ReportAnomalyInput, inputJson, 'anomaly');
        const batch = await ctx.store.require<Batch>('batch', [batchId], `batch ${batchId}`);
        if (input.serial) {
            const product = await ctx.store.require<Product>('product', [input.serial], `product ${input.serial}`);
            if (product.batchId !== batchId) {
                throw new InvalidArgumentError(`product ${input.serial} belongs to batch ${product.batchId}, not ${batchId}`);
            }
            requireParty(ctx, product.owner, 'owner of the product', `report a complaint about product ${input.serial}`);
        }
        const anomaly: BatchAnomaly = {
            docType: 'batchAnomaly',
            anomalyId: derivedId('A', ctx.txId),
            batchId,
            reason: input.reason,
            serial: input.serial,
            reporter: ctx.caller.org,
            reportedBy: ctx.caller.user,
            reportedAt: ctx.now,
            ...stamp(ctx),
        };
        await ctx.store.put('batchAnomaly', [batchId, anomaly.anomalyId], anomaly);
        ctx.announce({
            type: 'BatchAnomalyReported',
            parties: [batch.manufacturer, ctx.caller.org],
            ids: { batchId, anomalyId: anomaly.anomalyId, ...(input.serial ? { serial: input.serial } : {}) },
            reason: input.reason,
        });
        return canonicalJson(anomaly);
    }
}
