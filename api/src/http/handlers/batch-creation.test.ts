import assert from 'node:assert/strict';
import type { CommissionedSerials, CommissionInput, CreateBatchInput } from '@coldtrace/chaincode/model';
import type { LedgerIdentity } from '@coldtrace/ledger-client';
import { createBatch, type CreateBatchRequest, planBatchCreation } from './batch-creation';

const identity = { mspId: 'ManufacturerMSP' } as LedgerIdentity;
const fields = { batchId: 'B1', gtin: '09506000134352', productName: 'Vaccine', tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 };

/**
 * The part of the chaincode the handler relies on: a create that resumes for the same digest, chunks
 * numbered after the serials already there, and a crash (the process dies) after `crashAfter` submits.
 */
class FakeChaincode {
    readonly batches = new Map<string, { digest: string; serialCount: number; expectedSerials: number }>();
    readonly calls: { fn: string; input: unknown }[] = [];
    crashAfter = Infinity;

    async submit<T>(_identity: LedgerIdentity, fn: string, args: readonly unknown[]): Promise<T> {
        if (this.calls.length >= this.crashAfter) {
            throw new Error('killed');
        }
        this.calls.push({ fn, input: args.at(-1) });
        if (fn === 'batch:create') {
            const input = args[0] as CreateBatchInput;
            const batchId = input.batchId!;
            const existing = this.batches.get(batchId);
            if (existing) {
                if (existing.digest !== input.requestDigest) {
                    throw new Error(`CONFLICT: batch ${batchId} already exists, created by a different request`);
                }
                return { batchId, serials: [], serialCount: existing.serialCount, expectedSerials: existing.expectedSerials } as T;
            }
            this.batches.set(batchId, { digest: input.requestDigest!, serialCount: 0, expectedSerials: input.expectedSerials! });
            return this.#commission(batchId, input) as T;
        }
        return this.#commission(args[0] as string, args[1] as CommissionInput) as T;
    }

    #commission(batchId: string, chunk: CommissionInput): CommissionedSerials {
        const batch = this.batches.get(batchId)!;
        const serials = chunk.serials ?? Array.from({ length: chunk.quantity! }, (_, i) => `${batchId}.${batch.serialCount + i + 1}`);
        batch.serialCount += serials.length;
        return { batchId, serials, serialCount: batch.serialCount, expectedSerials: batch.expectedSerials };
    }
}

describe('BatchCreation', () => {
    it('sends a quantity of up to 100,000 numbered serials in one create with the request’s total and digest, and answers every serial', () => {
        const plan = planBatchCreation({ ...fields, quantity: 100_000 });
        const create = plan.createInput();
        assert.equal(create.quantity, 100_000);
        assert.equal(create.expectedSerials, 100_000);
        assert.match(create.requestDigest!, /^[0-9a-f]{64}$/);
        assert.deepEqual(plan.remainingChunks(0).length, 1, 'had the create not landed, the same single chunk');
        assert.deepEqual(plan.remainingChunks(100_000), []);
        const answer = plan.answer('B1');
        assert.equal(answer.serials.length, 100_000);
        assert.deepEqual([answer.serials[0], answer.serials[99_999]], ['B1.1', 'B1.100000']);
    });

    it('derives the same digest for the same request whatever the order of its fields, another for any change', () => {
        const request = { ...fields, quantity: 10 };
        const reordered = Object.fromEntries(Object.entries(request).reverse()) as unknown as CreateBatchRequest;
        assert.equal(planBatchCreation(reordered).requestDigest, planBatchCreation(request).requestDigest);
        assert.notEqual(planBatchCreation({ ...request, productName: 'Vaccine 2' }).requestDigest, planBatchCreation(request).requestDigest);
        assert.notEqual(planBatchCreation({ ...request, quantity: 11 }).requestDigest, planBatchCreation(request).requestDigest);
    });

    it('splits listed serials after those already on the ledger', () => {
        const serials = Array.from({ length: 4500 }, (_, i) => `S-${i}`);
        const plan = planBatchCreation({ ...fields, serials });
        const { requestDigest } = plan;
        assert.deepEqual(plan.createInput().serials, serials.slice(0, 2000));
        assert.deepEqual(plan.remainingChunks(2000), [
            { serials: serials.slice(2000, 4000), requestDigest },
            { serials: serials.slice(4000), requestDigest },
        ]);
        assert.deepEqual(plan.remainingChunks(4500), []);
        assert.deepEqual(plan.answer('B1').serials, serials);
    });
});

describe('createBatch', () => {
    it('resumes a request that died after its first chunk: commits only the rest and answers as an uninterrupted run', async () => {
        const request = { ...fields, serials: Array.from({ length: 4500 }, (_, i) => `S-${i}`) };
        const uninterrupted = await createBatch(new FakeChaincode(), identity, request);

        const chaincode = new FakeChaincode();
        chaincode.crashAfter = 1;
        await assert.rejects(createBatch(chaincode, identity, request), /killed/);
        assert.equal(chaincode.batches.get('B1')!.serialCount, 2000);

        chaincode.crashAfter = Infinity;
        const before = chaincode.calls.length;
        const retried = await createBatch(chaincode, identity, request);
        assert.deepEqual(retried, uninterrupted);
        const { requestDigest } = planBatchCreation(request);
        assert.deepEqual(
            chaincode.calls.slice(before).map((call) => call.fn),
            ['batch:create', 'batch:commission', 'batch:commission'],
        );
        assert.deepEqual(
            chaincode.calls.slice(before + 1).map((call) => call.input),
            [
                { serials: request.serials.slice(2000, 4000), requestDigest },
                { serials: request.serials.slice(4000), requestDigest },
            ],
        );
        assert.equal(chaincode.batches.get('B1')!.serialCount, 4500);
    });

    it('answers a completed request again without committing anything, and leaves a different request to the chaincode’s conflict', async () => {
        const chaincode = new FakeChaincode();
        const first = await createBatch(chaincode, identity, { ...fields, quantity: 2500 });
        const calls = chaincode.calls.length;
        assert.deepEqual(await createBatch(chaincode, identity, { ...fields, quantity: 2500 }), first);
        assert.equal(chaincode.calls.length, calls + 1, 'only the create that finds the batch complete');
        await assert.rejects(createBatch(chaincode, identity, { ...fields, quantity: 2600 }), /CONFLICT/);
        assert.equal(chaincode.batches.get('B1')!.serialCount, 2500);
    });
});
