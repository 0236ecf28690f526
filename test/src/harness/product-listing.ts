import assert from 'node:assert/strict';
import type { Caller, LedgerHarness } from './ledger-harness';

/** What the checks read of a listed product. */
export interface ListedProduct {
    serial: string;
    state: string;
    parties: string[];
}

/** What a product list is asked. */
export interface ProductListQuery {
    state?: string;
    party?: string;
    pageSize: number;
}

/**
 * Pages through a product list until every wanted serial showed up (the shared Fabric network holds
 * other tests' products too), or to its end when none is named, checking that no serial comes twice, each is in the asked state and
 * the caller (or the asked party) is a party to it.
 *
 * @example
 * const seen = await listedProducts(ctx.ledger, 'retailer', { state: 'stocked', pageSize: 2 }, serials);
 */
export async function listedProducts(ledger: LedgerHarness, caller: Caller, query: ProductListQuery, wanted?: readonly string[]): Promise<Set<string>> {
    const seen = new Set<string>();
    let bookmark = '';
    do {
        const page = await ledger.evaluate<{ items: ListedProduct[]; bookmark: string }>(caller, 'product:list', [{ ...query, ...(bookmark ? { bookmark } : {}) }]);
        assert.ok(page.items.length <= query.pageSize);
        for (const product of page.items) {
            assert.ok(!seen.has(product.serial), `${product.serial} listed twice`);
            seen.add(product.serial);
            if (query.state) {
                assert.equal(product.state, query.state, product.serial);
            }
            const party = query.party ?? (caller === 'auditor' ? undefined : ledger.identity(caller).mspId);
            if (party) {
                assert.ok(product.parties.includes(party), `${product.serial} is not ${party}'s`);
            }
        }
        bookmark = page.bookmark;
    } while (bookmark && !(wanted?.every((serial) => seen.has(serial)) ?? false));
    return seen;
}

/**
 * The candidates a list showed, sorted.
 *
 * @example
 * listedAmong(seen, batch.serials); // ['B1.1', 'B1.3']
 */
export function listedAmong(seen: ReadonlySet<string>, candidates: readonly string[]): string[] {
    return candidates.filter((serial) => seen.has(serial)).sort();
}
