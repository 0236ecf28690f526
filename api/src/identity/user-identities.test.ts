import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LedgerIdentity } from '@coldtrace/ledger-client';
import type { IdentityIssuer } from './identity-issuer';
import { newUserIdentities } from './user-identities';
import { openWallet } from './wallet';

/** Issues a distinct fake certificate per call, remembering what it was asked for. */
class RecordingIssuer implements IdentityIssuer {
    readonly issued: { mspId: string; userId: string; attributes: Readonly<Record<string, string>> }[] = [];
    readonly revoked: { mspId: string; userId: string; certificate: string }[] = [];

    async issue(mspId: string, userId: string, attributes: Readonly<Record<string, string>> = {}): Promise<LedgerIdentity> {
        this.issued.push({ mspId, userId, attributes });
        return { mspId, certificate: `cert-${this.issued.length}`, privateKey: 'key' };
    }

    async revoke(mspId: string, userId: string, certificate: string): Promise<void> {
        this.revoked.push({ mspId, userId, certificate });
    }
}

describe('UserIdentities', () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'coldtrace-identities-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('issues an administrator’s certificate with coldtrace.admin=true, and a new one when the flag changes', async () => {
        const issuer = new RecordingIssuer();
        const wallet = openWallet(join(dir, 'wallet'));
        const admin = await newUserIdentities(wallet, issuer).of({ username: 'ada', org: 'RetailerMSP', admin: true });
        assert.deepEqual(
            issuer.issued.map((i) => i.attributes),
            [{ 'coldtrace.admin': 'true' }],
        );
        // A restart keeps the certificate while the flag stays; the wallet keeps only the identity's fields for the ledger.
        const again = await newUserIdentities(wallet, issuer).of({ username: 'ada', org: 'RetailerMSP', admin: true });
        assert.deepEqual(again, admin);
        assert.equal(issuer.issued.length, 1);
        const demoted = await newUserIdentities(wallet, issuer).of({ username: 'ada', org: 'RetailerMSP' });
        assert.notEqual(demoted.certificate, admin.certificate);
        assert.deepEqual(
            issuer.issued.map((i) => i.attributes),
            [{ 'coldtrace.admin': 'true' }, {}],
        );
    });

    it("puts a person's role into the certificate (coldtrace.role), and a service's own role wins", async () => {
        const issuer = new RecordingIssuer();
        const identities = newUserIdentities(openWallet(join(dir, 'wallet')), issuer);
        await identities.of({ username: 'rita', org: 'RetailerMSP', role: 'retailer' });
        await identities.of({ username: 'detector-1', org: 'CarrierMSP', role: 'carrier' }, { 'coldtrace.role': 'detector' });
        assert.deepEqual(
            issuer.issued.map((i) => i.attributes),
            [{ 'coldtrace.role': 'retailer' }, { 'coldtrace.role': 'detector' }],
        );
    });

    it('revokes the certificate kept for a label, forgets it, and issues a new one if the label comes back', async () => {
        const issuer = new RecordingIssuer();
        const wallet = openWallet(join(dir, 'wallet'));
        const identities = newUserIdentities(wallet, issuer);
        const first = await identities.of({ username: 'rita', org: 'RetailerMSP', role: 'retailer' });
        assert.equal(await identities.revoke('rita'), true);
        assert.deepEqual(issuer.revoked, [{ mspId: 'RetailerMSP', userId: 'rita', certificate: first.certificate }]);
        assert.equal(wallet.get('rita'), undefined);
        assert.equal(await identities.revoke('rita'), false, 'nothing left to revoke');
        const second = await identities.of({ username: 'rita', org: 'RetailerMSP', role: 'retailer' });
        assert.notEqual(second.certificate, first.certificate);
    });
});
