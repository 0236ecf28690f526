import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ChaincodeRejectedError, type EmbeddedLedger, type Identity, openEmbeddedLedger } from '@coldtrace/embedded-ledger';
import { FLOOR_VALUE } from './floor-contract';

// Runs this package through fabric-shim on the embedded ledger, as a peer would run it.
describe('floor chaincode', () => {
    let ledger: EmbeddedLedger;
    let dataDir: string;
    let user: Identity;

    before(async () => {
        dataDir = mkdtempSync(join(tmpdir(), 'coldtrace-floor-'));
        ledger = await openEmbeddedLedger({ dataDir, chaincodePath: resolve(__dirname, '..'), organizations: ['ManufacturerMSP'] });
        user = await ledger.enroll('ManufacturerMSP', 'bench');
    });

    after(async () => {
        await ledger.close();
        rmSync(dataDir, { recursive: true, force: true });
    });

    it('puts the key it is given and gets it back', async () => {
        await ledger.submit(user, 'floor:put', ['k-1']);
        assert.equal(Buffer.from(await ledger.evaluate(user, 'floor:get', ['k-1'])).toString(), FLOOR_VALUE);
    });

    it('writes the same value on every endorser, so a put never fails endorsement', async () => {
        const first = await ledger.submit(user, 'floor:put', ['k-2']);
        const again = await ledger.submit(user, 'floor:put', ['k-2']);
        assert.ok(again.blockNumber > first.blockNumber);
    });

    it('refuses a key that is empty or has spaces, and writes nothing', async () => {
        const height = ledger.height;
        for (const key of ['', 'a b']) {
            await assert.rejects(
                ledger.submit(user, 'floor:put', [key]),
                (error: unknown) => error instanceof ChaincodeRejectedError && /INVALID_ARGUMENT: a floor key/.test(error.message),
            );
        }
        assert.equal(ledger.height, height);
    });

    it('says NOT_FOUND for a key never put', async () => {
        await assert.rejects(ledger.evaluate(user, 'floor:get', ['never']), /NOT_FOUND: no floor key "never"/);
    });
});
