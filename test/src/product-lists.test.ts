import assert from 'node:assert/strict';
import type { Caller } from './harness/ledger-harness';
import { listedAmong, listedProducts, type ProductListQuery } from './harness/product-listing';
import { ledgerSuite } from './harness/suite';

ledgerSuite('product lists: by party and state, paged across the party sets products move through', (ctx) => {
    const listed = (caller: Caller, query: ProductListQuery, wanted: readonly string[]) => listedProducts(ctx.ledger, caller, query, wanted);
    const only = listedAmong;

    before(function () {
        if (!ctx.ledger.has('retailer2')) {
            throw new Error(`the ${ctx.ledger.name} ledger has no second retailer: \`npm run test:fabric\` admits it with \`npm run network:add-org\``);
        }
    });

    it('lists each product once, in its state, to each party it has and to auditors, across states and party sets', async () => {
        const batch = await ctx.world.inspected(5);
        const [toRetailer, stockedAtRetailer, toRetailer2, stockedAtRetailer2, atFactory] = batch.serials as [string, string, string, string, string];
        await ctx.world.deliveredTo([toRetailer, stockedAtRetailer]);
        await ctx.world.deliveredTo([toRetailer2, stockedAtRetailer2], 'retailer2', 'carrier2');
        await ctx.ledger.submit('retailer', 'product:stock', [stockedAtRetailer]);
        await ctx.ledger.submit('retailer2', 'product:stock', [stockedAtRetailer2]);
        const all = batch.serials;

        // Small pages, so bookmarks lead from one (state, party set) group to the next and within one.
        assert.deepEqual(only(await listed('retailer2', { pageSize: 1 }, [toRetailer2, stockedAtRetailer2]), all), [toRetailer2, stockedAtRetailer2].sort());
        assert.deepEqual(only(await listed('retailer2', { state: 'received', pageSize: 1 }, [toRetailer2]), all), [toRetailer2]);
        assert.deepEqual(only(await listed('retailer', { state: 'stocked', pageSize: 2 }, [stockedAtRetailer]), all), [stockedAtRetailer]);
        assert.deepEqual(only(await listed('carrier2', { pageSize: 3 }, [toRetailer2, stockedAtRetailer2]), all), [toRetailer2, stockedAtRetailer2].sort());
        assert.deepEqual(only(await listed('manufacturer', { pageSize: 1000 }, all), all), [...all].sort());
        assert.deepEqual(only(await listed('manufacturer', { state: 'received', pageSize: 1000 }, [toRetailer, toRetailer2]), all), [toRetailer, toRetailer2].sort());
        assert.deepEqual(only(await listed('manufacturer', { state: 'inspected', pageSize: 1000 }, [atFactory]), all), [atFactory]);
        assert.deepEqual(
            only(await listed('auditor', { state: 'stocked', pageSize: 1000 }, [stockedAtRetailer, stockedAtRetailer2]), all),
            [stockedAtRetailer, stockedAtRetailer2].sort(),
        );
        assert.deepEqual(only(await listed('auditor', { party: 'Retailer2MSP', pageSize: 2 }, [toRetailer2, stockedAtRetailer2]), all), [toRetailer2, stockedAtRetailer2].sort());
    });

    it('refuses a bookmark that no page of the list handed out', async () => {
        await assert.rejects(ctx.ledger.evaluate('retailer', 'product:list', [{ bookmark: 'not-a-bookmark' }]), /INVALID_ARGUMENT: the bookmark does not belong to this list/);
    });
});
