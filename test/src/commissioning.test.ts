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

ledgerSuite('commissioning 100,000 numbered serials in one transaction (issue 19, item 4)', (ctx) => {
    const refuse = (...args: Parameters<typeof assertRefused> extends [unknown, ...infer R] ? R : never) => assertRefused(ctx, ...args);
    const COUNT = 100_000;

    it('commissions them with one transaction; each serial reads, traces, lists and takes steps as a commissioned one does', async () => {
        const batchId = uniqueId('HK');
        const made = await ctx.ledger.submit('manufacturer', 'batch:create', [ctx.world.batchInput({ batchId, quantity: COUNT })]);
        assert.deepEqual([made.serialCount, made.expectedSerials, made.serials.length, made.serials[COUNT - 1]], [COUNT, COUNT, COUNT, `${batchId}.${COUNT}`]);
        const batch = await ctx.ledger.evaluate('auditor', 'batch:get', [batchId]);
        assert.deepEqual([batch.state, batch.serialCount], ['commissioned', COUNT]);

        const last = `${batchId}.${COUNT}`;
        const product = await ctx.ledger.evaluate('manufacturer', 'product:get', [last]);
        assert.deepEqual(
            [product.state, product.batchId, product.owner, product.custodian, product.timeline.length],
            ['manufactured', batchId, batch.manufacturer, batch.manufacturer, 1],
        );
        assert.equal(product.timeline[0].txId, batch.created.txId);
        const trace = await ctx.ledger.evaluate('auditor', 'query:trace', [last]);
        assert.deepEqual([trace.product.serial, trace.batch.batchId], [last, batchId]);
        assert.equal(trace.batch.numbered, undefined, "a trace leaves the batch's ranges to batch:get");
        assert.equal(batch.numbered.length, 1);
        await assert.rejects(ctx.ledger.evaluate('manufacturer', 'product:get', [`${batchId}.${COUNT + 1}`]), /NOT_FOUND/);
        await assert.rejects(ctx.ledger.evaluate('manufacturer', 'product:get', [`${batchId}.0`]), /NOT_FOUND/);

        // The first step writes the record; the history keeps commissioning as its first version.
        await ctx.ledger.submit('manufacturer', 'product:inspect', [last]);
        assert.equal((await ctx.ledger.evaluate('manufacturer', 'product:get', [last])).state, 'inspected');
        const history = await ctx.ledger.evaluate('auditor', 'query:history', ['product', last]);
        assert.deepEqual(
            history.map((entry: { value: { state: string } }) => entry.value.state),
            ['manufactured', 'inspected'],
        );
        const bulk = await ctx.ledger.submit('manufacturer', 'bulk:inspect', [{ serials: [`${batchId}.1`, `${batchId}.2`] }]);
        assert.deepEqual([bulk.state, bulk.count], ['inspected', 2]);
        await refuse('manufacturer', 'product:inspect', [last], 'CONFLICT');

        // Batch serials and the impact view page through the range; the product lists skip what moved on.
        const first = await ctx.ledger.evaluate('manufacturer', 'batch:listSerials', [batchId, { pageSize: 1000 }]);
        assert.deepEqual([first.items.length, first.items[0], first.items[999]], [1000, `${batchId}.1`, `${batchId}.1000`]);
        const second = await ctx.ledger.evaluate('manufacturer', 'batch:listSerials', [batchId, { pageSize: 1000, bookmark: first.bookmark }]);
        assert.equal(second.items[0], `${batchId}.1001`);
        const impact = await ctx.ledger.evaluate('manufacturer', 'batch:impact', [batchId, { pageSize: 3 }]);
        assert.deepEqual(
            impact.items.map((row: { serial: string; state: string }) => [row.serial, row.state]),
            [
                [`${batchId}.1`, 'inspected'],
                [`${batchId}.2`, 'inspected'],
                [`${batchId}.3`, 'manufactured'],
            ],
        );
        const inspected = await listedSerials('inspected', batchId);
        assert.deepEqual(inspected.sort(), [`${batchId}.1`, `${batchId}.2`, last].sort());
    });

    it('refuses a serial taken by a range or a listed one in a range to come, and more than one transaction numbers, writing nothing', async () => {
        const batchId = uniqueId('HD');
        await ctx.ledger.submit('manufacturer', 'batch:create', [ctx.world.batchInput({ batchId, quantity: 10 })]);
        await refuse('manufacturer', 'batch:create', [ctx.world.batchInput({ serials: [`${batchId}.7`] })], 'CONFLICT', new RegExp(`serial ${batchId}\\.7 already exists`));
        // A listed serial that a future batch would number: that batch then lists its serials.
        const future = uniqueId('HF');
        await ctx.ledger.submit('manufacturer', 'batch:create', [ctx.world.batchInput({ serials: [`${future}.2`] })]);
        await refuse('manufacturer', 'batch:create', [ctx.world.batchInput({ batchId: future, quantity: 3 })], 'CONFLICT', /were listed already; give the serials/);
        await assert.rejects(ctx.ledger.evaluate('manufacturer', 'batch:get', [future]), /NOT_FOUND/);
        await refuse('manufacturer', 'batch:commission', [batchId, { quantity: COUNT + 1 }], 'INVALID_ARGUMENT', /quantity/);
        assert.equal((await ctx.ledger.evaluate('manufacturer', 'batch:get', [batchId])).serialCount, 10);
        // Adding to the batch numbers on after its serials.
        const more = await ctx.ledger.submit('manufacturer', 'batch:commission', [batchId, { quantity: 2 }]);
        assert.deepEqual(more.serials, [`${batchId}.11`, `${batchId}.12`]);
        assert.equal((await ctx.ledger.evaluate('auditor', 'product:get', [`${batchId}.12`])).state, 'manufactured');
    });

    /** The manufacturer's listed serials of one batch in one state, every page. */
    async function listedSerials(state: string, batchId: string): Promise<string[]> {
        const serials: string[] = [];
        let bookmark = '';
        do {
            const page = await ctx.ledger.evaluate<{ items: { serial: string }[]; bookmark: string }>('manufacturer', 'product:list', [
                { state, pageSize: 1000, ...(bookmark ? { bookmark } : {}) },
            ]);
            serials.push(...page.items.map((item) => item.serial).filter((serial) => serial.startsWith(`${batchId}.`)));
            bookmark = page.bookmark;
        } while (bookmark);
        return serials;
    }
});
