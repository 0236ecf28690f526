import assert from 'node:assert/strict';
import { verify, X509Certificate } from 'node:crypto';
import { isPkcs11KeyUri, openPkcs11Token, pkcs11ConfigFromEnvironment } from '@coldtrace/pki';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '@coldtrace/chaincode/sha256';
import { newEmbeddedIdentityIssuer, newUserIdentities, openWallet } from '@coldtrace/api';
import { openEmbeddedHarness } from '../harness/embedded-harness';
import { harnessAttributes, ROLE_ORG } from '../harness/ledger-harness';
import { SupplyChainWorld } from '../harness/supply-chain-world';
import { ledgerSuite } from '../harness/suite';

/**
 * A user whose signing key is held in a PKCS#11 token (SoftHSM2 under `npm run test:hsm`) submits
 * transactions that the ledger commits: proposals signed in the token through fabric-gateway's HSM
 * signer, on the embedded ledger and (COLDTRACE_TEST_LEDGER=fabric) through the Fabric Gateway.
 */
ledgerSuite('signing with a key held in a PKCS#11 token (SoftHSM2)', (ctx) => {
    it('commits a batch created by a manufacturer whose key never leaves the token', async function () {
        const config = pkcs11ConfigFromEnvironment();
        if (!config) {
            this.skip(); // npm run test:hsm configures a throwaway SoftHSM2 token
        }
        const token = openPkcs11Token(config);
        const { privateKey, publicKey } = await token.generateKeyPair('hsm-manufacturer');
        assert.ok(isPkcs11KeyUri(privateKey));
        const mspId = ROLE_ORG.manufacturer;
        const certificate = await ctx.ledger.certify!(mspId, `hsm-manufacturer-${Date.now().toString(36)}`, publicKey, harnessAttributes('manufacturer'));
        // The token's signature verifies against the certificate the CA issued for its public key.
        const signature = await token.signer(privateKey)(sha256('coldtrace'));
        assert.ok(verify('sha256', Buffer.from('coldtrace'), new X509Certificate(certificate).publicKey, signature));

        ctx.ledger.useIdentity('manufacturer', { mspId, certificate, privateKey });
        const heightBefore = await ctx.ledger.height();
        const batch = await ctx.world.batch(3);
        assert.ok(batch.batchId);
        assert.ok((await ctx.ledger.height()) > heightBefore);
        const stored = await ctx.ledger.evaluate('manufacturer', 'batch:get', [batch.batchId]);
        assert.equal(stored.batchId ?? stored.id, batch.batchId);
    });
});

describe('the API issuing user keys into a PKCS#11 token (embedded ledger)', function () {
    this.timeout(600_000);

    it('keeps only the key reference in the wallet, and the user signs in the token', async function () {
        const config = pkcs11ConfigFromEnvironment();
        if (!config) {
            this.skip();
        }
        const { harness, embedded, dataDir } = await openEmbeddedHarness();
        try {
            const wallet = openWallet(join(dataDir, 'wallet'), 'wallet passphrase');
            const identity = await newUserIdentities(wallet, newEmbeddedIdentityIssuer(embedded, config)).of({ username: 'hsm-alice', org: ROLE_ORG.manufacturer, admin: true });
            assert.ok(isPkcs11KeyUri(identity.privateKey));
            assert.equal(JSON.parse(readFileSync(join(dataDir, 'wallet', 'hsm-alice.id.json'), 'utf8')).privateKey, identity.privateKey);
            harness.useIdentity('manufacturer', identity);
            const batch = await new SupplyChainWorld(harness).batch(2);
            assert.equal((await harness.evaluate('manufacturer', 'batch:get', [batch.batchId])).batchId, batch.batchId);
        } finally {
            await harness.close();
        }
    });
});
