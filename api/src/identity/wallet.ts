import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
        mkdirSync(directory, { recursive: true, mode: 0o700 });
        chmodSync(directory, 0o700);
    }

    get(label: string): LedgerIdentity | undefined {
        const path = this.path(label);
        return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as LedgerIdentity) : undefined;
    }

    put(label: string, identity: LedgerIdentity): void {
        const path = this.path(label);
        const temporary = `${path}.tmp`;
        writeFileSync(temporary, JSON.stringify({ mspId: identity.mspId, certificate: identity.certificate, privateKey: identity.privateKey }), { mode: 0o600 });
        chmodSync(temporary, 0o600);
        renameSync(temporary, path);
    }

    private path(label: string): string {
        if (!/^[A-Za-z0-9][A-Za-z0-9._@-]*$/.test(label)) {
            throw new TypeError(`wallet label ${JSON.stringify(label)} is not a safe file name`);
        }
        return join(this.directory, `${label}.id.json`);
    }
}
