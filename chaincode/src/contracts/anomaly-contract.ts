import { Info, Returns, Transaction } from 'fabric-contract-api';
import { requireParty } from '../access/access-rules';
import { requireBatchParty } from '../access/batch-relationship';
import { ConflictError, ForbiddenError, InvalidArgumentError } from '../errors/chaincode-error';
import { canonicalJson } from '../ledger/canonical-json';
import { ColdtraceContext } from '../ledger/coldtrace-context';
import { parseInput } from '../ledger/input';
import { derivedId, stamp, withParties } from '../lifecycle/record-stamp';
import type { Batch } from '../model/batch';
import { anomalyState, type BatchAnomaly, ClearAnomalyInput, holdsBatch, ReportAnomalyInput } from '../model/batch-anomaly';
import type { Product } from '../model/product';
import { ColdtraceContract } from './coldtrace-contract';

/**
 * Batch anomalies, reported from complaints by whoever made, carried or received the batch's goods.
 * An open anomaly flags every serial of the batch and holds it (no shipping, labeling or selling)
 * without rewriting any product; the batch's manufacturer clears it, with a reason.
 *
 * @example
 * // submit anomaly:report 'B3F9A0C12D4' '{"reason":"vial cloudy","serial":"B3F9A0C12D4.7"}'
 * // submit anomaly:clear 'B3F9A0C12D4' 'A1F2E3D4C5B' '{"reason":"retained samples tested clear"}'   (as the manufacturer)
 */
@Info({ title: 'anomaly', description: 'Batch anomalies from complaints, and the holds they put on batches' })
export class AnomalyContract extends ColdtraceContract {
    constructor() {
        super('anomaly');
    }

    @Transaction()
    @Returns('string')
    async report(ctx: ColdtraceContext, batchId: string, inputJson: string): Promise<string> {
        const input = parseInput(ReportAnomalyInput, inputJson, 'anomaly');
        const batch = await ctx.store.require<Batch>('batch', [batchId], `batch ${batchId}`);
        await requireBatchParty(ctx, batch, `report an anomaly on batch ${batchId}`);
        if (input.serial) {
            const product = await ctx.store.require<Product>('product', [input.serial], `product ${input.serial}`);
            if (product.batchId !== batchId) {
                throw new InvalidArgumentError(`product ${input.serial} belongs to batch ${product.batchId}, not ${batchId}`);
            }
            if (!product.parties.includes(ctx.caller.org)) {
                throw new ForbiddenError(`only a party to product ${input.serial} may report a complaint about it; ${ctx.caller.org} is not`);
            }
        }
        const anomaly: BatchAnomaly = {
            docType: 'batchAnomaly',
            anomalyId: derivedId('A', ctx.txId),
            batchId,
            state: 'open',
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
            parties: withParties([batch.manufacturer], ctx.caller.org),
            ids: { batchId, anomalyId: anomaly.anomalyId, ...(input.serial ? { serial: input.serial } : {}) },
            reason: input.reason,
        });
        return canonicalJson(anomaly);
    }

    /** The batch's manufacturer lifts an open anomaly's hold; the batch is free once no anomaly holds it. */
    @Transaction()
    @Returns('string')
    async clear(ctx: ColdtraceContext, batchId: string, anomalyId: string, inputJson: string): Promise<string> {
        const input = parseInput(ClearAnomalyInput, inputJson, 'clearance');
        const batch = await ctx.store.require<Batch>('batch', [batchId], `batch ${batchId}`);
        requireParty(ctx, batch.manufacturer, 'batchManufacturer', `clear anomalies of batch ${batchId}`);
        const anomaly = await ctx.store.require<BatchAnomaly>('batchAnomaly', [batchId, anomalyId], `anomaly ${anomalyId} of batch ${batchId}`);
        if (!holdsBatch(anomaly)) {
            throw new ConflictError(`anomaly ${anomalyId} of batch ${batchId} is ${anomalyState(anomaly)}; only an open anomaly can be cleared`);
        }
        const cleared: BatchAnomaly = {
            ...anomaly,
            ...stamp(ctx),
            state: 'cleared',
            cleared: { reason: input.reason, at: ctx.now, org: ctx.caller.org, user: ctx.caller.user, txId: ctx.txId },
        };
        await ctx.store.put('batchAnomaly', [batchId, anomalyId], cleared);
        ctx.announce({
            type: 'BatchAnomalyCleared',
            parties: withParties([batch.manufacturer], anomaly.reporter),
            ids: { batchId, anomalyId },
            reason: input.reason,
        });
        return canonicalJson(cleared);
    }
}
