import assert from 'node:assert/strict';
import { LedgerError } from '@coldtrace/ledger-client';
import { createEmbeddedHarness } from './embedded-harness';
import { createFabricHarness } from './fabric-harness';
import type { Caller, LedgerHarness } from './ledger-harness';
import { SupplyChainWorld } from './supply-chain-world';

/**
 * Which ledger the suites run on: the embedded one, or with COLDTRACE_TEST_LEDGER=fabric the network
 * that `npm run network:up` started (what `npm run test:fabric` does).
 */
const factory: () => Promise<LedgerHarness> = process.env.COLDTRACE_TEST_LEDGER === 'fabric' ? createFabricHarness : createEmbeddedHarness;

/**
 * Declares a mocha suite that gets a fresh ledger and a world builder, whichever ledger runs it.
 *
 * @example
 * ledgerSuite('trace', (ctx) => { it('…', async () => { await ctx.world.shipment(1); }); });
 */
export function ledgerSuite(title: string, body: (ctx: { ledger: LedgerHarness; world: SupplyChainWorld }) => void): void {
    suiteOn(factory, title, body);
}

/**
 * Declares a suite that always runs on a fresh embedded ledger, also under `npm run test:fabric`: for
 * what needs organizations the Fabric network does not have yet (a second retailer, carrier,
 * manufacturer). Its title says so.
 *
 * @example
 * embeddedSuite('consortium (embedded ledger: needs a second retailer)', (ctx) => { … });
 */
export function embeddedSuite(title: string, body: (ctx: { ledger: LedgerHarness; world: SupplyChainWorld }) => void): void {
    suiteOn(createEmbeddedHarness, title, body);
}

function suiteOn(open: () => Promise<LedgerHarness>, title: string, body: (ctx: { ledger: LedgerHarness; world: SupplyChainWorld }) => void): void {
    describe(title, function () {
        this.timeout(600_000);
        const ctx = {} as { ledger: LedgerHarness; world: SupplyChainWorld };
        before(async () => {
            ctx.ledger = await open();
            ctx.world = new SupplyChainWorld(ctx.ledger);
        });
        after(() => ctx.ledger?.close());
        body(ctx);
    });
}

/**
 * Asserts that a transaction is refused with `code` (and a reason matching `reason`), and that the
 * ledger did not change: no new block, the same records.
 */
export async function assertRefused(
    ctx: { ledger: LedgerHarness; world: SupplyChainWorld },
    role: Caller,
    fn: string,
    args: unknown[],
    code: string,
    reason?: RegExp,
    transient?: Record<string, string>,
): Promise<LedgerError> {
    const [height, snapshot] = [await ctx.ledger.height(), await ctx.world.snapshot()];
    let refusal: LedgerError | undefined;
    try {
        await ctx.ledger.submit(role, fn, args, transient);
    } catch (error) {
        assert.ok(error instanceof LedgerError, `${fn} failed with ${(error as Error).message}`);
        refusal = error;
    }
    assert.ok(refusal, `${role} ${fn} should have been refused with ${code}`);
    assert.equal(refusal.code, code, `${role} ${fn}: ${refusal.message}`);
    if (reason) {
        assert.match(refusal.message, reason);
    }
    assert.equal(await ctx.ledger.height(), height, `${fn} refused but a block was added`);
    assert.equal(await ctx.world.snapshot(), snapshot, `${fn} refused but records changed`);
    return refusal;
}
