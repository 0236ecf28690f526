import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDirectory, writePrivateFile } from '../files/private-files';
import type { LedgerIdentity } from '../ledger/ledger';

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

    get(label: string): LedgerIdentity | undefined {
        const path = this.path(label);
        return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as LedgerIdentity) : undefined;
    }

    put(label: string, identity: LedgerIdentity): void {
        writePrivateFile(this.path(label), JSON.stringify({ mspId: identity.mspId, certificate: identity.certificate, privateKey: identity.privateKey }));
    }

    private path(label: string): string {
        if (!/^[A-Za-z0-9][A-Za-z0-9._@-]*$/.test(label)) {
            throw new TypeError(`wallet label ${JSON.stringify(label)} is not a safe file name`);
        }
        return join(this.directory, `${label}.id.json`);
    }
}
