import assert from 'node:assert/strict';
import { assertRefused, ledgerSuite } from './harness/suite';
import { uniqueId } from './harness/supply-chain-world';

ledgerSuite('commissioning a batch in several transactions (issue 12, row 12)', (ctx) => {
    const refuse = (...args: Parameters<typeof assertRefused> extends [unknown, ...infer R] ? R : never) => assertRefused(ctx, ...args);
    const requestDigest = 'c'.repeat(64);

    it('hides the batch and its serials until the last chunk of its request, which alone may complete it', async () => {
        const batchId = uniqueId('CH');
        const create = ctx.world.batchInput({ batchId, quantity: 3, expectedSerials: 5, requestDigest });
        const first = await ctx.ledger.submit('manufacturer', 'batch:create', [create]);
        assert.deepEqual(first, { batchId, serials: [`${batchId}.1`, `${batchId}.2`, `${batchId}.3`], serialCount: 3, expectedSerials: 5 });
        for (const role of ['manufacturer', 'auditor'] as const) {
            await assert.rejects(ctx.ledger.evaluate(role, 'batch:get', [batchId]), /NOT_FOUND/);
            await assert.rejects(ctx.ledger.evaluate(role, 'batch:listSerials', [batchId, {}]), /NOT_FOUND/);
            await assert.rejects(ctx.ledger.evaluate(role, 'product:get', [`${batchId}.1`]), /NOT_FOUND/);
            await assert.rejects(ctx.ledger.evaluate(role, 'query:trace', [`${batchId}.1`]), /NOT_FOUND/);
        }
        await assert.rejects(ctx.ledger.evaluate('carrier', 'query:publicProvenance', [`${batchId}.1`]), /NOT_FOUND/);
        await assert.rejects(ctx.ledger.evaluate('auditor', 'query:history', ['product', `${batchId}.1`]), /NOT_FOUND/);
        await refuse('manufacturer', 'product:inspect', [`${batchId}.1`], 'NOT_FOUND');

        // Only a chunk of the request that created it, and no more than the request's serials.
        await refuse('manufacturer', 'batch:commission', [batchId, { quantity: 2 }], 'NOT_FOUND', /batch .* does not exist/);
        await refuse('manufacturer', 'batch:commission', [batchId, { quantity: 2, requestDigest: 'd'.repeat(64) }], 'NOT_FOUND');
        await refuse(
            'manufacturer',
            'batch:commission',
            [batchId, { quantity: 3, requestDigest }],
            'CONFLICT',
            /3 of the 5 serials of its request are on the ledger; 3 more would exceed them/,
        );
        // A serial of a batch being commissioned is taken all the same.
        await refuse('manufacturer', 'batch:create', [ctx.world.batchInput({ serials: [`${batchId}.2`] })], 'CONFLICT', /serial .* already exists/);

        const last = await ctx.ledger.submit('manufacturer', 'batch:commission', [batchId, { quantity: 2, requestDigest }]);
        assert.deepEqual(last, { batchId, serials: [`${batchId}.4`, `${batchId}.5`], serialCount: 5, expectedSerials: 5 });
        const batch = await ctx.ledger.evaluate('auditor', 'batch:get', [batchId]);
        assert.deepEqual([batch.state, batch.serialCount, batch.expectedSerials, batch.requestDigest], ['commissioned', 5, 5, requestDigest]);
        assert.equal((await ctx.ledger.evaluate('manufacturer', 'batch:listSerials', [batchId, {}])).items.length, 5);
        await refuse('manufacturer', 'batch:commission', [batchId, { quantity: 1, requestDigest }], 'CONFLICT', /is complete/);
    });

    it('answers a create sent again with the same digest with how far its batch got, writing nothing; another digest is a conflict', async () => {
        const batchId = uniqueId('RS');
        const create = ctx.world.batchInput({ batchId, quantity: 2, expectedSerials: 4, requestDigest });
        await ctx.ledger.submit('manufacturer', 'batch:create', [create]);
        assert.deepEqual(await ctx.ledger.submit('manufacturer', 'batch:create', [create]), { batchId, serials: [], serialCount: 2, expectedSerials: 4 });
        await refuse('manufacturer', 'batch:create', [{ ...create, requestDigest: 'e'.repeat(64) }], 'CONFLICT', /already exists, created by a different request/);
        await refuse('manufacturer', 'batch:create', [{ ...create, requestDigest: undefined }], 'CONFLICT', /already exists/);
        await ctx.ledger.submit('manufacturer', 'batch:commission', [batchId, { quantity: 2, requestDigest }]);
        assert.deepEqual(await ctx.ledger.submit('manufacturer', 'batch:create', [create]), { batchId, serials: [], serialCount: 4, expectedSerials: 4 });
        assert.equal((await ctx.ledger.evaluate('manufacturer', 'batch:get', [batchId])).serialCount, 4);
        // Written twice, by the create and by the last chunk: the creates sent again wrote nothing.
        assert.equal((await ctx.ledger.evaluate('auditor', 'query:history', ['batch', batchId])).length, 2);
    });

    it('refuses a request total below its own first chunk', async () => {
        await refuse(
            'manufacturer',
            'batch:create',
            [ctx.world.batchInput({ quantity: 3, expectedSerials: 2 })],
            'INVALID_ARGUMENT',
            /expectedSerials: must count the serials of this transaction too/,
        );
        await refuse('manufacturer', 'batch:create', [ctx.world.batchInput({ quantity: 1, requestDigest: 'not a digest' })], 'INVALID_ARGUMENT', /requestDigest/);
    });
});
