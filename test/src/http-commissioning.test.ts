import assert from 'node:assert/strict';
import { createBatch } from '@coldtrace/api';
import type { JsonLedgerClient } from '@coldtrace/ledger-client';
import { type ColdtraceClient, CreateBatchBody, type CreatedBatch } from '@coldtrace/api/contract';
import type { Page } from '@coldtrace/chaincode/model';
import { apiSuite, assertProblem } from './harness/api-suite';
import { GTIN, uniqueId } from './harness/supply-chain-world';
import { first } from './harness/elements';

/** Every item of a paged list. */
async function allItems<T>(page: (bookmark: string) => Promise<Page<T>>): Promise<T[]> {
    const items: T[] = [];
    let bookmark = '';
    do {
        const next = await page(bookmark);
        items.push(...next.items);
        bookmark = next.bookmark;
    } while (bookmark);
    return items;
}

apiSuite('HTTP API: commissioning is all or nothing, and the same request sent again completes it (issue 12, row 12)', (ctx) => {
    /**
     * The request of the issue: 6,000 serials, three transactions. Listed: a quantity of up to
     * 100,000 numbered serials is one transaction (a range on the batch record).
     */
    const SERIALS = 6000;
    const request = (batchId: string, overrides: Record<string, unknown> = {}, count = SERIALS) => ({
        batchId,
        gtin: GTIN,
        productName: 'Vaccine bulk',
        serials: answerOf(batchId, count).serials,
        tempMinC: 2,
        tempMaxC: 8,
        maxExcursionMinutes: 30,
        ...overrides,
    });
    /** What the first request would have answered had it not died: every serial it commissions, in order. */
    const answerOf = (batchId: string, count = SERIALS): CreatedBatch => ({ batchId, serials: Array.from({ length: count }, (_, i) => `${batchId}.${i + 1}`) });

    /**
     * Runs the API's own commissioning of `body` on the server's ledger as a process that is killed
     * (SIGKILL: nothing after it runs) once `transactions` of its transactions are committed.
     */
    async function killedAfter(transactions: number, body: Record<string, unknown>): Promise<void> {
        const ledger = ctx.api.running.context.ledger;
        let committed = 0;
        const dying: Pick<JsonLedgerClient, 'submit'> = {
            submit: async (identity, fn, args, transient) => {
                if (committed === transactions) {
                    throw new Error('SIGKILL');
                }
                const result = await ledger.submit<never>(identity, fn, args, transient);
                committed += 1;
                return result;
            },
        };
        await assert.rejects(createBatch(dying, await ctx.api.identity('manufacturer'), CreateBatchBody.parse(body)), /SIGKILL/);
    }

    /** Through every route, for its manufacturer, the auditor and the public: no such batch, no such serial. */
    async function assertAbsent(batchId: string): Promise<void> {
        const serial = `${batchId}.1`;
        const [m, auditor] = [ctx.api.as('manufacturer'), ctx.api.as('auditor')];
        const notFound = (call: () => Promise<unknown>) => assertProblem(ctx.api, call, 404, 'NOT_FOUND');
        for (const reader of [m, auditor]) {
            await notFound(() => reader.call('getBatch', { params: { batchId } }));
            await notFound(() => reader.call('listBatchSerials', { params: { batchId }, query: {} }));
            await notFound(() => reader.call('getProduct', { params: { serial } }));
            await notFound(() => reader.call('trace', { params: { ref: serial } }));
            await notFound(() => reader.call('trace', { params: { ref: `https://id.gs1.org/01/${GTIN}/21/${serial}` } }));
            assert.ok(!(await listedBatches(reader)).includes(batchId), 'a batch being commissioned is listed');
        }
        // The auditor's list holds everybody's products: the manufacturer's own is part of it.
        assert.ok(!(await listedSerials(auditor)).some((s) => s.startsWith(`${batchId}.`)), 'a serial of a batch being commissioned is listed');
        await notFound(() => ctx.api.anonymous().call('publicProvenance', { params: { ref: serial } }));
        await notFound(() => auditor.call('history', { params: { kind: 'batch', id: batchId } }));
        await notFound(() => auditor.call('history', { params: { kind: 'product', id: serial } }));
        await notFound(() => m.call('inspectProduct', { params: { serial } }));
        await notFound(() => m.call('packHandlingUnit', { body: { serials: [serial] } }));
        await notFound(() => m.call('commissionSerials', { params: { batchId }, body: { quantity: 1 } }));
    }

    const listedBatches = async (reader: ColdtraceClient) =>
        (await allItems((bookmark) => reader.call('listBatches', { query: { pageSize: 1000, bookmark } }))).map((batch) => batch.batchId);
    const listedSerials = async (reader: ColdtraceClient) =>
        (await allItems((bookmark) => reader.call('listProducts', { query: { pageSize: 1000, bookmark, state: 'manufactured' } }))).map((product) => product.serial);

    /** The batch as a complete one reads: every serial, listed, with its products readable. */
    async function assertComplete(batchId: string, count = SERIALS): Promise<void> {
        const m = ctx.api.as('manufacturer');
        const batch = await m.call('getBatch', { params: { batchId } });
        assert.equal(batch.serialCount, count);
        assert.equal(batch.state, 'commissioned');
        const serials = await allItems((bookmark) => m.call('listBatchSerials', { params: { batchId }, query: { pageSize: 1000, bookmark } }));
        assert.deepEqual([...serials].sort(), [...answerOf(batchId, count).serials].sort());
        assert.equal((await m.call('getProduct', { params: { serial: `${batchId}.${count}` } })).state, 'manufactured');
        assert.ok((await listedBatches(ctx.api.as('auditor'))).includes(batchId));
    }

    it('shows nothing of a batch whose commissioning was killed after its first 2,000 serials; the same request completes it and answers as the first would have', async () => {
        const batchId = uniqueId('KA');
        await killedAfter(1, request(batchId));
        await assertAbsent(batchId);

        const retried = await ctx.api.as('manufacturer').call('createBatch', { body: request(batchId) });
        assert.deepEqual(retried, answerOf(batchId));
        await assertComplete(batchId);
    });

    it('does the same after 4,000 of 6,000 serials, and answers a completed request again without adding any', async () => {
        const batchId = uniqueId('KB');
        await killedAfter(2, request(batchId));
        await assertAbsent(batchId);

        const m = ctx.api.as('manufacturer');
        assert.deepEqual(await m.call('createBatch', { body: request(batchId) }), answerOf(batchId));
        assert.deepEqual(await m.call('createBatch', { body: request(batchId) }), answerOf(batchId));
        await assertComplete(batchId);
    });

    it('refuses the same batch id with a different body (409), before and after completion, and changes nothing', async () => {
        const batchId = uniqueId('KC');
        const body = request(batchId, {}, 2500);
        await killedAfter(1, body);
        const m = ctx.api.as('manufacturer');
        await assertProblem(ctx.api, () => m.call('createBatch', { body: { ...body, productName: 'Another vaccine' } }), 409, 'CONFLICT', /already exists/);
        await assertProblem(ctx.api, () => m.call('createBatch', { body: { ...body, serials: body.serials.slice(0, 2499) } }), 409, 'CONFLICT', /already exists/);
        await assertAbsent(batchId);

        assert.deepEqual(await m.call('createBatch', { body }), answerOf(batchId, 2500));
        await assertProblem(ctx.api, () => m.call('createBatch', { body: { ...body, lot: 'L2' } }), 409, 'CONFLICT', /already exists/);
        await assertComplete(batchId, 2500);
    });

    it('resumes a request that lists its serials, answering them in the order given', async () => {
        const batchId = uniqueId('KD');
        const serials = Array.from({ length: 2500 }, (_, i) => `${batchId}-${(2500 - i).toString(36).toUpperCase()}`);
        const body = { ...request(batchId), serials };
        await killedAfter(1, body);
        await assertProblem(ctx.api, () => ctx.api.as('manufacturer').call('getProduct', { params: { serial: first(serials, 'requested serials') } }), 404, 'NOT_FOUND');
        assert.deepEqual(await ctx.api.as('manufacturer').call('createBatch', { body }), { batchId, serials });
        assert.equal((await ctx.api.as('manufacturer').call('getBatch', { params: { batchId } })).serialCount, 2500);
    });
});
