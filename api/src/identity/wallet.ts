import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDirectory, writePrivateFile } from '@coldtrace/telemetry';
import type { LedgerIdentity } from '@coldtrace/ledger-client';
import { decryptPrivateKey, isEncryptedPrivateKey, isPkcs11KeyUri, keyPassphraseFromEnvironment, protectPrivateKey } from '@coldtrace/pki';

/**
 * A directory of X.509 identities, one 0600 JSON file per user (certificate, private key, MSP ID),
 * in the directory's own 0700 folder, as Fabric's file-system wallets keep them. With a passphrase
 * (default: COLDTRACE_KEY_PASSPHRASE) private keys are stored encrypted (scrypt PKCS#8); entries
 * stored plain stay readable.
 *
 * @example
 * const wallet = openWallet('data/wallet');
 * wallet.put('alice', identity);
 * wallet.get('alice')?.mspId; // 'RetailerMSP'
 */
export interface Wallet {
    readonly directory: string;
    /** The stored identity and the certificate attributes it was issued with (none for older entries). */
    get(label: string): (LedgerIdentity & { attributes?: Record<string, string> }) | undefined;
    put(label: string, identity: LedgerIdentity, attributes?: Readonly<Record<string, string>>): void;
    /**
     * Re-stores every entry whose key is plain with its key encrypted (the wallet's passphrase must
     * be set); answers how many it encrypted.
     *
     * @example
     * openWallet('data/wallet', 's3cret').encryptPlainKeys(); // 3
     */
    encryptPlainKeys(): number;
    /** Forgets the identity of `label` (after its revocation); nothing happens when there is none. */
    remove(label: string): void;
}

/**
 * The {@link Wallet} in `directory` (created 0700 when missing), its keys protected with
 * `passphrase` (default, and when given undefined: COLDTRACE_KEY_PASSPHRASE, if set).
 */
export function openWallet(directory: string, passphrase: string | undefined = keyPassphraseFromEnvironment()): Wallet {
    return new DirectoryWallet(directory, passphrase);
}

class DirectoryWallet implements Wallet {
    readonly #passphrase: string | undefined;

    constructor(
        readonly directory: string,
        passphrase: string | undefined,
    ) {
        this.#passphrase = passphrase;
        ensurePrivateDirectory(directory);
    }

    get(label: string): (LedgerIdentity & { attributes?: Record<string, string> }) | undefined {
        const path = this.#path(label);
        if (!existsSync(path)) {
            return undefined;
        }
        const stored = JSON.parse(readFileSync(path, 'utf8')) as LedgerIdentity & { attributes?: Record<string, string> };
        return { ...stored, privateKey: decryptPrivateKey(stored.privateKey, this.#passphrase, path) };
    }

    put(label: string, identity: LedgerIdentity, attributes: Readonly<Record<string, string>> = {}): void {
        const entry = {
            mspId: identity.mspId,
            certificate: identity.certificate,
            privateKey: protectPrivateKey(identity.privateKey, this.#passphrase),
            ...(Object.keys(attributes).length ? { attributes } : {}),
        };
        writePrivateFile(this.#path(label), JSON.stringify(entry));
    }

    encryptPlainKeys(): number {
        if (this.#passphrase === undefined) {
            throw new Error('set COLDTRACE_KEY_PASSPHRASE to the passphrase to encrypt keys with');
        }
        let encrypted = 0;
        for (const file of readdirSync(this.directory).filter((name) => name.endsWith('.id.json'))) {
            const label = file.slice(0, -'.id.json'.length);
            const stored = JSON.parse(readFileSync(this.#path(label), 'utf8')) as LedgerIdentity & { attributes?: Record<string, string> };
            if (!isEncryptedPrivateKey(stored.privateKey) && !isPkcs11KeyUri(stored.privateKey)) {
                const { attributes, ...identity } = stored;
                this.put(label, identity, attributes);
                encrypted++;
            }
        }
        return encrypted;
    }

    remove(label: string): void {
        rmSync(this.#path(label), { force: true });
    }

    #path(label: string): string {
        // ':' for machine clients (client:<id>), which no username may contain.
        if (!/^[A-Za-z0-9][A-Za-z0-9._@:-]*$/.test(label)) {
            throw new TypeError(`wallet label ${JSON.stringify(label)} is not a safe file name`);
        }
        return join(this.directory, `${label}.id.json`);
    }
}
