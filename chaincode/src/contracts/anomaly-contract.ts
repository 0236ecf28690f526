import { Info, Returns, Transaction } from 'fabric-contract-api';
import { requireParty } from '../access/access-rules';
import { batchParties, requireBatchParty } from '../access/batch-relationship';
import { ConflictError, ForbiddenError, InvalidArgumentError } from '../errors/chaincode-error';
import { canonicalJson } from '../ledger/canonical-json';
import { ColdtraceContext } from '../ledger/coldtrace-context';
import { parseInput } from '../ledger/input';
import { anomaliesOf } from '../lifecycle/batch-hold';
import { derivedId, stamp, withParties } from '../lifecycle/record-stamp';
import type { Batch } from '../model/batch';
import {
    type AnomalyState,
    anomalyState,
    type BatchAnomaly,
    ClearAnomalyInput,
    holdsBatch,
    InvestigateAnomalyInput,
    RecallInput,
    recallOf,
    ReportAnomalyInput,
    UNDECIDED_ANOMALY_STATES,
} from '../model/batch-anomaly';
import type { Product } from '../model/product';
import { ColdtraceContract } from './coldtrace-contract';

/**
 * Batch anomalies and their lifecycle: reported from complaints by whoever made, carried or received
 * the batch's goods (the report holds the batch at once: no shipping, labeling or selling), taken
 * into investigation by the batch's manufacturer, then cleared with a reason (the hold ends) or
 * confirmed as a recall of class I, II or III with instructions (every unit is recalled; holders
 * return or destroy them). Nothing here rewrites a product: holds and recalls are derived from the
 * batch's anomalies when a unit is read or moved.
 *
 * @example
 * // submit anomaly:report 'B3F9A0C12D4' '{"reason":"vial cloudy","serial":"B3F9A0C12D4.7"}'
 * // submit anomaly:investigate 'B3F9A0C12D4' 'A1F2E3D4C5B' '{}'   (as the manufacturer)
 * // submit anomaly:recall 'B3F9A0C12D4' 'A1F2E3D4C5B' '{"recallClass":"II","instructions":"return every unit"}'
 */
@Info({ title: 'anomaly', description: 'Batch anomalies from complaints, the holds they put on batches, and recalls' })
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
            parties: withParties(await batchParties(ctx, batch), ctx.caller.org),
            ids: { batchId, anomalyId: anomaly.anomalyId, ...(input.serial ? { serial: input.serial } : {}) },
            reason: input.reason,
            hold: 'BATCH_ON_HOLD',
        });
        return canonicalJson(anomaly);
    }

    /** The batch's manufacturer takes a reported anomaly into investigation; the batch stays on hold. */
    @Transaction()
    @Returns('string')
    async investigate(ctx: ColdtraceContext, batchId: string, anomalyId: string, inputJson: string): Promise<string> {
        const input = parseInput(InvestigateAnomalyInput, inputJson, 'investigation');
        const { batch, anomaly } = await this.#decidable(ctx, batchId, anomalyId, ['open'], { verb: 'investigate', done: 'taken into investigation' });
        const investigating: BatchAnomaly = { ...anomaly, ...stamp(ctx), state: 'investigating', investigation: { ...ctx.decision(), note: input.note } };
        await ctx.store.put('batchAnomaly', [batchId, anomalyId], investigating);
        ctx.announce({
            type: 'BatchInvestigationStarted',
            parties: withParties(await batchParties(ctx, batch), anomaly.reporter),
            ids: { batchId, anomalyId },
            ...(input.note ? { note: input.note } : {}),
        });
        return canonicalJson(investigating);
    }

    /** The batch's manufacturer lifts an anomaly's hold; the batch is free once no anomaly holds it. */
    @Transaction()
    @Returns('string')
    async clear(ctx: ColdtraceContext, batchId: string, anomalyId: string, inputJson: string): Promise<string> {
        const input = parseInput(ClearAnomalyInput, inputJson, 'clearance');
        const { batch, anomaly } = await this.#decidable(ctx, batchId, anomalyId, UNDECIDED_ANOMALY_STATES, { verb: 'clear', done: 'cleared' });
        const cleared: BatchAnomaly = { ...anomaly, ...stamp(ctx), state: 'cleared', cleared: { ...ctx.decision(), reason: input.reason } };
        await ctx.store.put('batchAnomaly', [batchId, anomalyId], cleared);
        const stillHeld = (await anomaliesOf(ctx, batchId)).some((other) => other.anomalyId !== anomalyId && holdsBatch(other));
        ctx.announce({
            type: 'BatchAnomalyCleared',
            parties: withParties(await batchParties(ctx, batch), anomaly.reporter),
            ids: { batchId, anomalyId },
            reason: input.reason,
            holdLifted: !stillHeld,
        });
        return canonicalJson(cleared);
    }

    /**
     * The batch's manufacturer confirms a recall: every serial of the batch is recalled from now on
     * (derived when read, so one key is written however large the batch), and every organization that
     * took custody of its goods is told, with the class and the instructions.
     */
    @Transaction()
    @Returns('string')
    async recall(ctx: ColdtraceContext, batchId: string, anomalyId: string, inputJson: string): Promise<string> {
        const input = parseInput(RecallInput, inputJson, 'recall');
        const { batch, anomaly } = await this.#decidable(ctx, batchId, anomalyId, UNDECIDED_ANOMALY_STATES, { verb: 'recall', done: 'recalled' });
        const earlier = recallOf(await anomaliesOf(ctx, batchId));
        if (earlier) {
            throw new ConflictError(`batch ${batchId} is recalled already (anomaly ${earlier.anomalyId}); clear anomaly ${anomalyId} instead`);
        }
        const recalled: BatchAnomaly = {
            ...anomaly,
            ...stamp(ctx),
            state: 'recalled',
            recall: { ...ctx.decision(), recallClass: input.recallClass, instructions: input.instructions },
        };
        await ctx.store.put('batchAnomaly', [batchId, anomalyId], recalled);
        ctx.announce({
            type: 'BatchRecallConfirmed',
            parties: withParties(await batchParties(ctx, batch), anomaly.reporter),
            ids: { batchId, anomalyId },
            recallClass: input.recallClass,
            instructions: input.instructions,
            hold: 'BATCH_RECALLED',
        });
        return canonicalJson(recalled);
    }

    /** The batch and the anomaly a manufacturer's decision is about, once it is theirs to take and the anomaly is in one of `states`. */
    async #decidable(
        ctx: ColdtraceContext,
        batchId: string,
        anomalyId: string,
        states: readonly AnomalyState[],
        action: { verb: string; done: string },
    ): Promise<{ batch: Batch; anomaly: BatchAnomaly }> {
        const batch = await ctx.store.require<Batch>('batch', [batchId], `batch ${batchId}`);
        requireParty(ctx, batch.manufacturer, 'batchManufacturer', `${action.verb} anomalies of batch ${batchId}`);
        const anomaly = await ctx.store.require<BatchAnomaly>('batchAnomaly', [batchId, anomalyId], `anomaly ${anomalyId} of batch ${batchId}`);
        const state = anomalyState(anomaly);
        if (!states.includes(state)) {
            throw new ConflictError(`anomaly ${anomalyId} of batch ${batchId} is ${state}; only an anomaly that is ${states.join(' or ')} can be ${action.done}`);
        }
        return { batch, anomaly };
    }
}
