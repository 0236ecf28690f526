import assert from 'node:assert/strict';
import { ApiProblemError } from '@coldtrace/api/contract';
import { ApiHarness } from './api-harness';

/**
 * Declares a mocha suite with a fresh API server on the ledger the suites run on.
 *
 * @example
 * apiSuite('orders over HTTP', (ctx) => { it('…', async () => { await ctx.api.as('retailer').call(…); }); });
 */
export function apiSuite(title: string, body: (ctx: { api: ApiHarness }) => void): void {
    describe(title, function () {
        this.timeout(600_000);
        const ctx = {} as { api: ApiHarness };
        before(async () => {
            ctx.api = await ApiHarness.start();
        });
        after(() => ctx.api?.close());
        body(ctx);
    });
}

/** Asserts that a call is refused with `status` and `code` (and a detail matching `detail`) and that no block was added. */
export async function assertProblem(api: ApiHarness, call: () => Promise<unknown>, status: number, code: string, detail?: RegExp): Promise<ApiProblemError> {
    const height = await api.height();
    let problem: ApiProblemError | undefined;
    try {
        await call();
    } catch (error) {
        assert.ok(error instanceof ApiProblemError, `expected a problem document, got ${(error as Error).message}`);
        problem = error;
    }
    assert.ok(problem, `expected ${status} ${code}, but the call succeeded`);
    assert.equal(problem.status, status, problem.message);
    assert.equal(problem.code, code, problem.message);
    assert.ok(problem.detail.length > 0, 'the problem has no detail');
    if (detail) {
        assert.match(problem.detail, detail);
    }
    assert.equal(await api.height(), height, `${code} refusal added a block`);
    return problem;
}
