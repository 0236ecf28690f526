import assert from 'node:assert/strict';
import type { Caller } from './harness/ledger-harness';
import { ledgerSuite } from './harness/suite';

interface ListedProduct {
    serial: string;
    state: string;
    parties: string[];
}

ledgerSuite('product lists: by party and state, paged across the party sets products move through', (ctx) => {
    /**
     * Pages through a list until every wanted serial showed up (the shared Fabric network holds other
     * tests' products too), checking that no serial comes twice and each is in the asked state.
     */
    async function listed(caller: Caller, query: { state?: string; party?: string; pageSize: number }, wanted: readonly string[]): Promise<Set<string>> {
        const seen = new Set<string>();
        let bookmark = '';
        do {
            const page = await ctx.ledger.evaluate<{ items: ListedProduct[]; bookmark: string }>(caller, 'product:list', [{ ...query, ...(bookmark ? { bookmark } : {}) }]);
            assert.ok(page.items.length <= query.pageSize);
            for (const product of page.items) {
                assert.ok(!seen.has(product.serial), `${product.serial} listed twice`);
                seen.add(product.serial);
                if (query.state) {
                    assert.equal(product.state, query.state, product.serial);
                }
                const party = query.party ?? (caller === 'auditor' ? undefined : ctx.ledger.identity(caller).mspId);
                if (party) {
                    assert.ok(product.parties.includes(party), `${product.serial} is not ${party}'s`);
                }
            }
            bookmark = page.bookmark;
        } while (bookmark && !wanted.every((serial) => seen.has(serial)));
        return seen;
    }

    const only = (seen: Set<string>, candidates: readonly string[]) => candidates.filter((serial) => seen.has(serial)).sort();

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
