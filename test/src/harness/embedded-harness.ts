import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EmbeddedLedgerBackend, type LedgerIdentity } from '@coldtrace/api';
import { DETECTOR_ROLE, ROLE_ATTRIBUTE } from '@coldtrace/chaincode/model';
import { EmbeddedLedger } from '@coldtrace/embedded-ledger';
import { LedgerHarness, type Role, ROLE_ORG, ROLES } from './ledger-harness';

const CHAINCODE = resolve(__dirname, '../../../chaincode');

/** The harness on a fresh embedded ledger, in a temporary directory, running the compiled chaincode. */
export async function createEmbeddedHarness(): Promise<LedgerHarness> {
    const dataDir = mkdtempSync(join(tmpdir(), 'coldtrace-test-'));
    const ledger = await EmbeddedLedger.open({
        dataDir,
        chaincodePath: CHAINCODE,
        collectionsConfigPath: join(CHAINCODE, 'collections_config.json'),
        organizations: [...new Set(Object.values(ROLE_ORG))],
    });
    const identities = {} as Record<Role, LedgerIdentity>;
    for (const role of ROLES) {
        identities[role] = await ledger.enroll(ROLE_ORG[role], `${role}-user`, role === 'detector' ? { [ROLE_ATTRIBUTE]: DETECTOR_ROLE } : {});
    }
    return new LedgerHarness('embedded', new EmbeddedLedgerBackend(ledger), identities, async () => rmSync(dataDir, { recursive: true, force: true }));
}
