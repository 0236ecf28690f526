import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type LedgerIdentity, newEmbeddedLedgerBackend } from '@coldtrace/ledger-client';
import { FOUNDING_MEMBERS } from '@coldtrace/api/contract';
import { type EmbeddedLedger, openEmbeddedLedger } from '@coldtrace/embedded-ledger';
import { type Caller, harnessAttributes, LedgerHarness, ROLE_ORG, ROLES, STRANGER_MEMBERS, STRANGERS } from './ledger-harness';

const CHAINCODE = resolve(__dirname, '../../../chaincode');

/**
 * The harness on a fresh embedded ledger, in a temporary directory, running the compiled chaincode:
 * the four founding organizations and a second manufacturer, carrier and retailer (the strangers of
 * the access rules), all recorded as members — unless `bootstrap: false` leaves the consortium empty.
 */
export async function createEmbeddedHarness(options: { bootstrap?: boolean } = {}): Promise<LedgerHarness> {
    return (await openEmbeddedHarness(options)).harness;
}

/**
 * {@link createEmbeddedHarness}, with the embedded ledger itself and its directory, for tests that
 * read its blocks or reopen it.
 */
export async function openEmbeddedHarness(options: { bootstrap?: boolean } = {}): Promise<{ harness: LedgerHarness; embedded: EmbeddedLedger; dataDir: string }> {
    const dataDir = mkdtempSync(join(tmpdir(), 'coldtrace-test-'));
    const embedded = await openEmbeddedLedger({
        dataDir,
        chaincodePath: CHAINCODE,
        organizations: [...new Set(Object.values(ROLE_ORG))],
    });
    const identities = {} as Record<Caller, LedgerIdentity>;
    for (const caller of [...ROLES, ...STRANGERS]) {
        identities[caller] = await embedded.enroll(ROLE_ORG[caller], `${caller}-user`, harnessAttributes(caller));
    }
    const harness = new LedgerHarness('embedded', newEmbeddedLedgerBackend(embedded), identities, async () => rmSync(dataDir, { recursive: true, force: true }));
    harness.certify = (mspId, userId, publicKey, attributes) => embedded.certify(mspId, userId, publicKey, attributes);
    if (options.bootstrap !== false) {
        await harness.bootstrap([...FOUNDING_MEMBERS, ...STRANGER_MEMBERS]);
    }
    return { harness, embedded, dataDir };
}
