import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { ROLE_ATTRIBUTE } from '@coldtrace/chaincode/model';
import { LedgerError, type LedgerIdentity } from '@coldtrace/ledger-client';
import { harnessIssuer } from './harness/harness-issuer';
import { ledgerSuite } from './harness/suite';

/** The attributes a certificate carries in Fabric CA's extension (its value is the JSON text itself). */
function certificateAttributes(certificate: string): Record<string, string> {
    const match = /\{"attrs":\{[^{}]*\}\}/.exec(new X509Certificate(certificate).raw.toString('latin1'));
    return match ? (JSON.parse(match[0]) as { attrs: Record<string, string> }).attrs : {};
}

/** Refused by the peers (Fabric: the MSP's CRL fails the creator at endorsement; embedded: the same check). */
const REVOKED = /revoked|access denied|creator certificate is not valid/i;

ledgerSuite('revocation: a removed user is refused by the ledger itself, not only by the API', (ctx) => {
    const run = Date.now().toString(36);
    let revoked: LedgerIdentity;
    let kept: LedgerIdentity;

    before(async () => {
        const issuer = harnessIssuer(ctx.ledger);
        revoked = await issuer.issue('RetailerMSP', `leaver-${run}`, { [ROLE_ATTRIBUTE]: 'retailer' });
        kept = await issuer.issue('RetailerMSP', `stayer-${run}`, { [ROLE_ATTRIBUTE]: 'retailer' });
    });

    it("issues certificates carrying the person's role (coldtrace.role) that the peers accept", async () => {
        assert.equal(certificateAttributes(revoked.certificate)[ROLE_ATTRIBUTE], 'retailer');
        const members = JSON.parse(Buffer.from(await ctx.ledger.ledger.evaluate(revoked, 'member:list', [])).toString('utf8')) as unknown[];
        assert.ok(members.length >= 4);
    });

    it("after revoke, the peers refuse the identity's proposals (submitted straight to the ledger), and the others' still pass", async () => {
        await harnessIssuer(ctx.ledger).revoke('RetailerMSP', `leaver-${run}`, revoked.certificate);
        const heightBefore = await ctx.ledger.height();
        await assert.rejects(
            ctx.ledger.ledger.submit(revoked, 'member:list', []),
            (error: unknown) => error instanceof LedgerError && error.code === 'ACCESS_DENIED' && REVOKED.test(error.message),
        );
        await assert.rejects(ctx.ledger.ledger.evaluate(revoked, 'member:list', []), (error: unknown) => error instanceof LedgerError && REVOKED.test(error.message));
        assert.equal(await ctx.ledger.height(), heightBefore, 'nothing was written');
        const members = JSON.parse(Buffer.from(await ctx.ledger.ledger.evaluate(kept, 'member:list', [])).toString('utf8')) as unknown[];
        assert.ok(members.length >= 4);
    });

    it('a second revocation keeps the first in the revocation list', async () => {
        await harnessIssuer(ctx.ledger).revoke('RetailerMSP', `stayer-${run}`, kept.certificate);
        await assert.rejects(ctx.ledger.ledger.evaluate(kept, 'member:list', []), (error: unknown) => error instanceof LedgerError && REVOKED.test(error.message));
        await assert.rejects(ctx.ledger.ledger.evaluate(revoked, 'member:list', []), (error: unknown) => error instanceof LedgerError && REVOKED.test(error.message));
    });
});
