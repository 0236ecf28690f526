import assert from 'node:assert/strict';
import { LedgerError } from '@coldtrace/ledger-client';
import { toDigitalLink, toSgtinUrn } from '@coldtrace/chaincode/model';
import { ledgerSuite } from './harness/suite';
import { GTIN, OTHER_GTIN } from './harness/supply-chain-world';
import { only } from './harness/elements';

/** The refusal an evaluate ends with. */
async function refusal(call: Promise<unknown>): Promise<LedgerError> {
    try {
        await call;
    } catch (error) {
        assert.ok(error instanceof LedgerError, `expected a ledger refusal, got ${(error as Error).message}`);
        return error;
    }
    assert.fail('the reference resolved');
}

ledgerSuite('product references checked whole: a GTIN and a serial, both the product’s', (ctx) => {
    const forms = {
        'Digital Link': (gtin: string, serial: string) => toDigitalLink(gtin, serial),
        'SGTIN URN': (gtin: string, serial: string) => toSgtinUrn(gtin, serial, 7),
    };

    for (const [form, reference] of Object.entries(forms)) {
        it(`resolves a ${form} with the product’s own GTIN`, async () => {
            const serial = only((await ctx.world.atRetailer(1, 'received')).serials, 'received units');
            const genuine = reference(GTIN, serial);
            assert.equal((await ctx.ledger.evaluate('retailer', 'query:trace', [genuine])).product.serial, serial);
            assert.equal((await ctx.ledger.evaluate('retailer', 'query:publicProvenance', [genuine])).serial, serial);
        });

        it(`answers a ${form} with a copied serial under another GTIN exactly as an unknown serial`, async () => {
            const copied = only((await ctx.world.atRetailer(1, 'received')).serials, 'received units');
            const unknown = `${copied}X`;
            for (const fn of ['query:trace', 'query:publicProvenance']) {
                for (const role of ['retailer', 'auditor'] as const) {
                    const forged = await refusal(ctx.ledger.evaluate(role, fn, [reference(OTHER_GTIN, copied)]));
                    const missing = await refusal(ctx.ledger.evaluate(role, fn, [reference(OTHER_GTIN, unknown)]));
                    assert.equal(forged.code, 'NOT_FOUND', `${role} ${fn}: ${forged.message}`);
                    assert.equal(forged.message.replace(copied, '<serial>'), missing.message.replace(unknown, '<serial>'), 'a forged GTIN must read as an unknown serial');
                    assert.doesNotMatch(forged.message, new RegExp(GTIN), 'the refusal must not name the genuine GTIN');
                }
            }
        });
    }
});
