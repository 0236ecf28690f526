import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EmbeddedLedger, type EmbeddedLedgerOptions } from '../embedded-ledger';

/** The key-value contract that the embedded ledger's own tests run. */
export const KV_CONTRACT = resolve(__dirname, '../../test-fixtures/kv-contract');

export const FIXTURE_ORGS = ['Org1MSP', 'Org2MSP'];

/** Opens a ledger on the kv fixture contract in a fresh temporary directory. */
export async function openFixtureLedger(overrides: Partial<EmbeddedLedgerOptions> = {}): Promise<{ ledger: EmbeddedLedger; dataDir: string; cleanup: () => Promise<void> }> {
    const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'coldtrace-ledger-'));
    const ledger = await EmbeddedLedger.open({
        dataDir,
        chaincodePath: KV_CONTRACT,
        collectionsConfigPath: join(KV_CONTRACT, 'collections_config.json'),
        organizations: FIXTURE_ORGS,
        ...overrides,
    });
    return {
        ledger,
        dataDir,
        cleanup: async () => {
            await ledger.close();
            rmSync(dataDir, { recursive: true, force: true });
        },
    };
}

export function text(bytes: Uint8Array): string {
    return Buffer.from(bytes).toString('utf8');
}
