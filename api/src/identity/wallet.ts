import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDirectory, writePrivateFile } from '@coldtrace/telemetry';
import type { LedgerIdentity } from '@coldtrace/ledger-client';

/**
 * A directory of X.509 identities, one 0600 JSON file per user (certificate, private key, MSP ID),
 * in the directory's own 0700 folder, as Fabric's file-system wallets keep them.
 *
 * @example
 * const wallet = new Wallet('data/wallet');
 * wallet.put('alice', identity);
 * wallet.get('alice')?.mspId; // 'RetailerMSP'
 */
export class Wallet {
    constructor(readonly directory: string) {
        ensurePrivateDirectory(directory);
    }

    /** The stored identity and the certificate attributes it was issued with (none for older entries). */
    get(label: string): (LedgerIdentity & { attributes?: Record<string, string> }) | undefined {
        const path = this.path(label);
        return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as LedgerIdentity & { attributes?: Record<string, string> }) : undefined;
    }

    put(label: string, identity: LedgerIdentity, attributes: Readonly<Record<string, string>> = {}): void {
        const entry = { mspId: identity.mspId, certificate: identity.certificate, privateKey: identity.privateKey, ...(Object.keys(attributes).length ? { attributes } : {}) };
        writePrivateFile(this.path(label), JSON.stringify(entry));
    }

    /** Forgets the identity of `label` (after its revocation); nothing happens when there is none. */
    remove(label: string): void {
        rmSync(this.path(label), { force: true });
    }

    private path(label: string): string {
        // ':' for machine clients (client:<id>), which no username may contain.
        if (!/^[A-Za-z0-9][A-Za-z0-9._@:-]*$/.test(label)) {
            throw new TypeError(`wallet label ${JSON.stringify(label)} is not a safe file name`);
        }
        return join(this.directory, `${label}.id.json`);
    }
}
