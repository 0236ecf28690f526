import { Info, Returns, Transaction } from 'fabric-contract-api';
import { requireOrg } from '../access/access-rules';
import { readableBatch } from '../access/batch-relationship';
import { Org } from '../access/org';
import { ConflictError, InvalidArgumentError } from '../errors/chaincode-error';
import { validateSerial } from '../gs1';
import { canonicalJson } from '../ledger/canonical-json';
import { ColdtraceContext } from '../ledger/coldtrace-context';
import { parseInput } from '../ledger/input';
import { derivedId, stamp } from '../lifecycle/record-stamp';
import { type Batch, CommissionInput, CreateBatchInput } from '../model/batch';
import { PageQuery } from '../model/common';
import { Limits } from '../model/limits';
import type { Product } from '../model/product';
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

    /** Creates a batch with its first serials (at most 2,000; add more with commission). */
    @Transaction()
    @Returns('string')
    async create(ctx: ColdtraceContext, inputJson: string): Promise<string> {
        requireOrg(ctx, Org.Manufacturer, 'commission batches');
        const input = parseInput(CreateBatchInput, inputJson, 'batch');
        const batchId = input.batchId ?? derivedId('B', ctx.txId);
        if (await ctx.store.exists('batch', [batchId])) {
            throw new ConflictError(`batch ${batchId} already exists`);
        }
        const serials = serialsToCommission(batchId, 0, input);
        const batch: Batch = {
            docType: 'batch',
            batchId,
            gtin: input.gtin,
            productName: input.productName,
            lot: input.lot,
            manufacturer: ctx.caller.org,
            productionDate: input.productionDate,
            expiryDate: input.expiryDate,
            temperatureProfile: { minC: input.tempMinC, maxC: input.tempMaxC, maxExcursionMinutes: input.maxExcursionMinutes },
            serialCount: serials.length,
            parties: [ctx.caller.org],
            created: ctx.step('created'),
            ...stamp(ctx),
        };
        await commissionProducts(ctx, batch, serials);
        await ctx.store.put('batch', [batchId], batch);
        await ctx.index.move('batch', batchId, undefined, { parties: batch.parties, state: 'open' });
        ctx.announce({ type: 'BatchCommissioned', parties: batch.parties, ids: { batchId }, count: serials.length });
        return canonicalJson({ batchId, serials });
    }

    /** Commissions more serials into an existing batch: how batches over 2,000 serials are built, in chunks. */
    @Transaction()
    @Returns('string')
    async commission(ctx: ColdtraceContext, batchId: string, inputJson: string): Promise<string> {
        requireOrg(ctx, Org.Manufacturer, 'commission serials');
        const input = parseInput(CommissionInput, inputJson, 'serials');
        const batch = await ctx.store.require<Batch>('batch', [batchId], `batch ${batchId}`);
        if (batch.manufacturer !== ctx.caller.org) {
            throw new ConflictError(`batch ${batchId} belongs to ${batch.manufacturer}`);
        }
        const serials = serialsToCommission(batchId, batch.serialCount, input);
        if (batch.serialCount + serials.length > Limits.serialsPerBatch) {
            throw new InvalidArgumentError(`batch ${batchId} would exceed ${Limits.serialsPerBatch} serials`);
        }
        await commissionProducts(ctx, batch, serials);
        await ctx.store.put('batch', [batchId], { ...batch, serialCount: batch.serialCount + serials.length, ...stamp(ctx) });
        ctx.announce({ type: 'SerialsCommissioned', parties: batch.parties, ids: { batchId }, count: serials.length });
        return canonicalJson({ batchId, serials });
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
        await readableBatch(ctx, batchId);
        return canonicalJson(await ctx.members.page('batchSerial', batchId, query.pageSize, query.bookmark));
    }
}

/** The serials a request names, or numbers them after the batch id when it gives a quantity. */
function serialsToCommission(batchId: string, already: number, input: { serials?: string[]; quantity?: number }): string[] {
    const serials = input.serials ?? Array.from({ length: input.quantity ?? 0 }, (_, i) => `${batchId}.${already + i + 1}`);
    if (!input.serials) {
        try {
            serials.forEach(validateSerial);
        } catch {
            throw new InvalidArgumentError(`batch id ${batchId} is too long to number serials after it; give the serials instead of a quantity`);
        }
    }
    const seen = new Set<string>();
    for (const serial of serials) {
        if (seen.has(serial)) {
            throw new InvalidArgumentError(`serial ${serial} is listed twice`);
        }
        seen.add(serial);
    }
    return serials;
}

/** Writes one product per serial; a serial is unique across the whole network, not just the batch. */
async function commissionProducts(ctx: ColdtraceContext, batch: Batch, serials: string[]): Promise<void> {
    const existing = await Promise.all(serials.map((serial) => ctx.store.exists('product', [serial])));
    const taken = serials.filter((_, i) => existing[i]);
    if (taken.length > 0) {
        throw new ConflictError(`serial ${taken[0]} already exists${taken.length > 1 ? ` (and ${taken.length - 1} more)` : ''}`);
    }
    const step = ctx.step('manufactured');
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
    }
}
