import { sha256Hex } from '@coldtrace/chaincode/sha256';
import { canonicalJson, type CommissionedSerials, type CommissionInput, type CreateBatchInput, Limits, numberedSerials } from '@coldtrace/chaincode/model';
import type { z } from 'zod';
import type { CreateBatchBody, CreatedBatch } from '../../contract';
import type { JsonLedgerClient, LedgerIdentity } from '@coldtrace/ledger-client';

/** A `POST /batches` body as the route validated it (GTIN normalized, text trimmed). */
export type CreateBatchRequest = z.output<typeof CreateBatchBody>;

/**
 * How one `POST /batches` request is committed: the batch and its first chunk of serials with
 * `batch:create`, the rest with `batch:commission`, 2,000 listed or 100,000 numbered serials a transaction. Everything follows
 * from the request alone, so the same request sent again after a crash finds how far the ledger got,
 * commits only what is missing, and answers exactly what the first attempt would have.
 *
 * @example
 * const plan = planBatchCreation(body);
 * const created = await ledger.submit<CommissionedSerials>(identity, 'batch:create', [plan.createInput()]);
 * for (const chunk of plan.remainingChunks(created.serialCount)) { … 'batch:commission' … }
 * return plan.answer(created.batchId);
 */
export interface BatchCreation {
    /** SHA-256 of the request's canonical JSON: the chaincode keeps it and resumes only for the same one. */
    readonly requestDigest: string;
    /** How many serials the request commissions. */
    readonly total: number;
    /** The `batch:create` argument: the batch, its first chunk, and the request's total and digest. */
    createInput(): CreateBatchInput;
    /**
     * The `batch:commission` chunks still to send once `committed` serials of the request are on the
     * ledger, in order, each with the request's digest: the only chunks a batch being commissioned takes.
     */
    remainingChunks(committed: number): CommissionInput[];
    /** What the request answers: the batch and every serial it commissioned, in order. */
    answer(batchId: string): CreatedBatch;
}

/** The {@link BatchCreation} of one validated `POST /batches` request. */
export function planBatchCreation(request: CreateBatchRequest): BatchCreation {
    return new ChunkedBatchCreation(request);
}

class ChunkedBatchCreation implements BatchCreation {
    readonly requestDigest: string;
    readonly total: number;
    readonly #request: CreateBatchRequest;

    constructor(request: CreateBatchRequest) {
        this.#request = request;
        this.requestDigest = sha256Hex(canonicalJson(request));
        this.total = request.serials?.length ?? request.quantity ?? 0;
    }

    createInput(): CreateBatchInput {
        const { serials: _serials, quantity: _quantity, ...fields } = this.#request;
        return { ...fields, ...this.#chunks(0)[0], expectedSerials: this.total, requestDigest: this.requestDigest };
    }

    remainingChunks(committed: number): CommissionInput[] {
        return this.#chunks(committed).map((chunk) => ({ ...chunk, requestDigest: this.requestDigest }));
    }

    #chunks(from: number): { serials?: string[]; quantity?: number }[] {
        const { serials } = this.#request;
        // Numbered serials cost the ledger a range, not a key each: far more fit in one transaction.
        const size = serials ? Limits.serialsPerTransaction : Limits.numberedSerialsPerTransaction;
        const chunks: { serials?: string[]; quantity?: number }[] = [];
        for (let done = Math.min(from, this.total); done < this.total; done += size) {
            chunks.push(serials ? { serials: serials.slice(done, done + size) } : { quantity: Math.min(size, this.total - done) });
        }
        return chunks;
    }

    answer(batchId: string): CreatedBatch {
        return { batchId, serials: this.#request.serials ?? numberedSerials(batchId, 0, this.total) };
    }
}

/**
 * Creates a batch, or completes the one the same request began before a crash: the chaincode's
 * create answers how many serials are on the ledger already, and only the rest are committed.
 * The same `batchId` with another body is the chaincode's CONFLICT.
 *
 * @example
 * const { batchId, serials } = await createBatch(ledger, identity, body);
 */
export async function createBatch(ledger: Pick<JsonLedgerClient, 'submit'>, identity: LedgerIdentity, request: CreateBatchRequest): Promise<CreatedBatch> {
    const plan = planBatchCreation(request);
    const created = await ledger.submit<CommissionedSerials>(identity, 'batch:create', [plan.createInput()]);
    for (const chunk of plan.remainingChunks(created.serialCount)) {
        await ledger.submit<CommissionedSerials>(identity, 'batch:commission', [created.batchId, chunk]);
    }
    return plan.answer(created.batchId);
}
