import { Info, Returns, Transaction } from 'fabric-contract-api';
import { requireParty } from '../access/access-rules';
import { readableBatch } from '../access/batch-relationship';
import { ConflictError, InvalidArgumentError, NotFoundError } from '../errors/chaincode-error';
import { validateSerial } from '../gs1';
import { canonicalJson } from '../ledger/canonical-json';
import { ColdtraceContext } from '../ledger/coldtrace-context';
import { parseInput } from '../ledger/input';
import { sha256Hex } from '../ledger/sha256';
import { markListedSerial, requireNoListedNumbered } from '../lifecycle/listed-numbered-serial';
import { derivedId, stamp } from '../lifecycle/record-stamp';
import { type Batch, CommissionInput, type CommissionedSerials, CreateBatchInput, isCommissioning, type NumberedRange, numberedSerials } from '../model/batch';
import { ImpactPageQuery } from '../model/batch-impact';
import { PageQuery } from '../model/common';
import { Limits } from '../model/limits';
import { numberedSerial } from '../model/numbered-serial';
import type { Product } from '../model/product';
import { impactPage } from '../views/batch-impact';
import { batchSerialPage } from '../views/batch-serial-page';
import { visiblePage } from '../views/visible-page';
import { ColdtraceContract } from './coldtrace-contract';

/**
 * Batches and the commissioning of their serials (GS1 CBV step "commissioning").
 *
 * @example
 * // submit batch:create '{"gtin":"09506000134352","productName":"Vaccine X","tempMinC":2,"tempMaxC":8,"maxExcursionMinutes":30,"quantity":100}'
 * // → {"batchId":"B3F9A0C12D4","serials":["B3F9A0C12D4.1", ...]}
 */
@Info({ title: 'batch', description: 'Batches of serialized products and their commissioning' })
export class BatchContract extends ColdtraceContract {
    constructor() {
        super('batch');
    }

    /**
     * Creates a batch with its first serials (at most 2,000). A larger request names its total in
     * `expectedSerials` and adds the rest with `commission`; the batch stays invisible until then.
     * The same batch id with the same request digest resumes: it writes nothing and answers how far
     * the batch got, so a client that crashed halfway can complete it.
     */
    @Transaction()
    @Returns('string')
    async create(ctx: ColdtraceContext, inputJson: string): Promise<string> {
        const input = parseInput(CreateBatchInput, inputJson, 'batch');
        const { requestDigest: givenDigest, expectedSerials: givenTotal, serials: listed, quantity, ...fields } = input;
        const requestDigest = givenDigest ?? sha256Hex(canonicalJson(input));
        const batchId = input.batchId ?? derivedId('B', ctx.txId);
        const existing = await ctx.store.getIncludingCommissioning<Batch>('batch', [batchId]);
        if (existing) {
            return canonicalJson(resumed(ctx, existing, requestDigest));
        }
        const serials = serialsToCommission(batchId, 0, { serials: listed, quantity });
        const expectedSerials = givenTotal ?? serials.length;
        const complete = serials.length === expectedSerials;
        const made: Batch = {
            docType: 'batch',
            batchId,
            gtin: fields.gtin,
            productName: fields.productName,
            lot: fields.lot,
            manufacturer: ctx.caller.org,
            productionDate: fields.productionDate,
            expiryDate: fields.expiryDate,
            temperatureProfile: { minC: fields.tempMinC, maxC: fields.tempMaxC, maxExcursionMinutes: fields.maxExcursionMinutes },
            serialCount: serials.length,
            state: complete ? 'commissioned' : 'commissioning',
            expectedSerials,
            requestDigest,
            parties: [ctx.caller.org],
            created: ctx.step('created'),
            ...stamp(ctx),
        };
        const batch = await commissionSerials(ctx, made, 0, serials, listed === undefined);
        await ctx.store.put('batch', [batchId], batch);
        await announceCommissioning(ctx, batch, serials.length, complete);
        return canonicalJson({ batchId, serials, serialCount: batch.serialCount, expectedSerials } satisfies CommissionedSerials);
    }

    /**
     * Commissions more serials into a batch: the remaining chunks of a request too large for one
     * transaction (the batch appears when the last one lands), or later additions to a complete batch.
     */
    @Transaction()
    @Returns('string')
    async commission(ctx: ColdtraceContext, batchId: string, inputJson: string): Promise<string> {
        const input = parseInput(CommissionInput, inputJson, 'serials');
        const batch = await ctx.store.getIncludingCommissioning<Batch>('batch', [batchId]);
        // A batch still being commissioned exists only for the chunks of the request that creates it.
        const ownChunk = batch && batch.manufacturer === ctx.caller.org && input.requestDigest === batch.requestDigest;
        if (!batch || (isCommissioning(batch) && !ownChunk)) {
            throw new NotFoundError(`batch ${batchId} does not exist`);
        }
        requireParty(ctx, batch.manufacturer, 'batchManufacturer', `commission serials into batch ${batchId}`);
        if (!isCommissioning(batch) && input.requestDigest) {
            throw new ConflictError(`batch ${batchId} is complete: every serial of the request that created it is on the ledger`);
        }
        const serials = serialsToCommission(batchId, batch.serialCount, { serials: input.serials, quantity: input.quantity });
        const serialCount = batch.serialCount + serials.length;
        const expectedSerials = batch.expectedSerials ?? batch.serialCount;
        if (isCommissioning(batch) && serialCount > expectedSerials) {
            throw new ConflictError(
                `batch ${batchId} is being commissioned: ${batch.serialCount} of the ${expectedSerials} serials of its request are on the ledger; ${serials.length} more would exceed them`,
            );
        }
        if (serialCount > Limits.serialsPerBatch) {
            throw new InvalidArgumentError(`batch ${batchId} would exceed ${Limits.serialsPerBatch} serials`);
        }
        const completes = isCommissioning(batch) && serialCount === expectedSerials;
        const grown = await commissionSerials(ctx, batch, batch.serialCount, serials, input.serials === undefined);
        await ctx.store.put('batch', [batchId], { ...grown, serialCount, ...(completes ? { state: 'commissioned' } : {}), ...stamp(ctx) } satisfies Batch);
        if (isCommissioning(batch)) {
            await announceCommissioning(ctx, { ...batch, serialCount }, serials.length, completes);
        } else {
            ctx.announce({ type: 'SerialsCommissioned', parties: batch.parties, ids: { batchId }, count: serials.length });
        }
        return canonicalJson({ batchId, serials, serialCount, expectedSerials } satisfies CommissionedSerials);
    }

    @Transaction(false)
    @Returns('string')
    async get(ctx: ColdtraceContext, batchId: string): Promise<string> {
        return canonicalJson(await readableBatch(ctx, batchId));
    }

    /** Batches the caller made (auditors: all), a page at a time. */
    @Transaction(false)
    @Returns('string')
    async list(ctx: ColdtraceContext, queryJson: string): Promise<string> {
        const query = parseInput(PageQuery, queryJson, 'query');
        return canonicalJson(await visiblePage<Batch>(ctx, 'batch', undefined, query));
    }

    /**
     * The serials of a batch, a page at a time: the hold list when the batch has an anomaly. Readable
     * by whoever may read the batch: its parties, organizations that held one of its serials, auditors.
     */
    @Transaction(false)
    @Returns('string')
    async listSerials(ctx: ColdtraceContext, batchId: string, queryJson: string): Promise<string> {
        const query = parseInput(PageQuery, queryJson, 'query');
        const batch = await readableBatch(ctx, batchId);
        return canonicalJson(await batchSerialPage(ctx, batch, query.pageSize, query.bookmark));
    }

    /**
     * One page of the batch's impact: each serial the caller may read with its state, owner,
     * custodian, last shipment, sale and hold. For whoever may read the batch; a holder sees the
     * serials it holds or held, its manufacturer and auditors all of them.
     */
    @Transaction(false)
    @Returns('string')
    async impact(ctx: ColdtraceContext, batchId: string, queryJson: string): Promise<string> {
        const query = parseInput(ImpactPageQuery, queryJson, 'query');
        const batch = await readableBatch(ctx, batchId);
        return canonicalJson(await impactPage(ctx, batch, await batchSerialPage(ctx, batch, query.pageSize, query.bookmark)));
    }
}

/**
 * What a create answers when its batch is there already: how far the batch got, if the request is the
 * one that created it (same digest, same manufacturer); a conflict otherwise.
 */
function resumed(ctx: ColdtraceContext, batch: Batch, requestDigest: string): CommissionedSerials {
    if (batch.manufacturer !== ctx.caller.org || batch.requestDigest !== requestDigest) {
        throw new ConflictError(`batch ${batch.batchId} already exists, created by a different request`);
    }
    return { batchId: batch.batchId, serials: [], serialCount: batch.serialCount, expectedSerials: batch.expectedSerials ?? batch.serialCount };
}

/**
 * Lists a batch once its last serial is on the ledger, and tells its manufacturer how far it got
 * before that: one event per transaction, as Fabric keeps.
 */
async function announceCommissioning(ctx: ColdtraceContext, batch: Batch, count: number, complete: boolean): Promise<void> {
    const ids = { batchId: batch.batchId };
    if (complete) {
        await ctx.index.move('batch', batch.batchId, undefined, { parties: batch.parties, state: 'open' });
        ctx.announce({ type: 'BatchCommissioned', parties: batch.parties, ids, count: batch.serialCount });
    } else {
        ctx.announce({ type: 'BatchCommissioning', parties: batch.parties, ids, count, serialCount: batch.serialCount, expectedSerials: batch.expectedSerials });
    }
}

/** The serials a request names, or numbers them after the batch id when it gives a quantity. */
function serialsToCommission(batchId: string, already: number, input: { serials?: string[]; quantity?: number }): string[] {
    if (!input.serials) {
        const count = input.quantity ?? 0;
        try {
            // Numbered serials differ only in their number: the longest is the one that could be too long.
            validateSerial(numberedSerial(batchId, already + count));
        } catch {
            throw new InvalidArgumentError(`batch id ${batchId} is too long to number serials after it; give the serials instead of a quantity`);
        }
        return numberedSerials(batchId, already, count);
    }
    const seen = new Set<string>();
    for (const serial of input.serials) {
        if (seen.has(serial)) {
            throw new InvalidArgumentError(`serial ${serial} is listed twice`);
        }
        seen.add(serial);
    }
    return input.serials;
}

/**
 * Commissions serials into a batch and answers the batch with them: numbered serials as one range
 * on the batch record (their products are written on their first step), listed serials a product
 * record each. A serial is unique across the whole network, not just the batch.
 */
async function commissionSerials(ctx: ColdtraceContext, batch: Batch, already: number, serials: string[], numbered: boolean): Promise<Batch> {
    if (numbered) {
        return { ...batch, numbered: [...(batch.numbered ?? []), await numberedRange(ctx, batch.batchId, already, serials.length)] };
    }
    await commissionListed(ctx, batch, serials);
    return batch;
}

/**
 * The range of the `count` numbers after the `already` serials of a batch. Only a listed serial could hold one of them
 * already (a range never overlaps the batch's own serials): listing a serial of the numbered form
 * marks its prefix, and a batch whose id is so marked numbers no more.
 */
async function numberedRange(ctx: ColdtraceContext, batchId: string, already: number, count: number): Promise<NumberedRange> {
    await requireNoListedNumbered(ctx, batchId);
    const range: NumberedRange = { first: already + 1, count, commissioned: ctx.step('manufactured') };
    await ctx.index.numbered.add(ctx.caller.org, batchId, range);
    return range;
}

/** Writes one product per listed serial. */
async function commissionListed(ctx: ColdtraceContext, batch: Batch, serials: string[]): Promise<void> {
    const existing = await Promise.all(serials.map((serial) => ctx.store.exists('product', [serial])));
    const taken = serials.filter((_, i) => existing[i]);
    if (taken.length > 0) {
        throw new ConflictError(`serial ${taken[0]} already exists${taken.length > 1 ? ` (and ${taken.length - 1} more)` : ''}`);
    }
    const step = ctx.step('manufactured');
    const marked = new Set<string>();
    for (const serial of serials) {
        const product: Product = {
            docType: 'product',
            serial,
            gtin: batch.gtin,
            batchId: batch.batchId,
            state: 'manufactured',
            owner: ctx.caller.org,
            custodian: ctx.caller.org,
            shipments: [],
            parties: [ctx.caller.org],
            timeline: [step],
            ...stamp(ctx),
        };
        await ctx.store.put('product', [serial], product);
        await ctx.members.add('batchSerial', batch.batchId, serial);
        await ctx.index.move('product', serial, undefined, { parties: product.parties, state: product.state });
        await markListedSerial(ctx, serial, marked);
    }
}
