import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { encryptKeyFile, KEY_PASSPHRASE_ENV, keyPassphraseFromEnvironment } from '@coldtrace/pki';
import { openWallet } from '../identity/wallet';

/**
 * `npm run admin -- keys encrypt`: encrypts, with COLDTRACE_KEY_PASSPHRASE, the private keys a data
 * directory made before keys were encrypted at rest: the organizations' CA keys of the embedded
 * ledger, the device CA's key and the wallet's user keys. Keys already encrypted are left alone,
 * so it may be run again. Answers the process exit code.
 *
 * @example
 * await keysCommand('./data', 'encrypt'); // "encrypted 2 CA keys and 5 wallet keys"
 */
export async function keysCommand(dataDir: string, verb: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<number> {
    if (verb !== 'encrypt') {
        throw new Error('keys: the command is "keys encrypt"');
    }
    const passphrase = keyPassphraseFromEnvironment(env);
    if (passphrase === undefined) {
        throw new Error(`set ${KEY_PASSPHRASE_ENV} to the passphrase to encrypt the keys with (and start the server with it from then on)`);
    }
    let caKeys = 0;
    for (const path of caKeyFiles(dataDir)) {
        caKeys += (await encryptKeyFile(path, passphrase)) ? 1 : 0;
    }
    const walletKeys = existsSync(join(dataDir, 'wallet')) ? openWallet(join(dataDir, 'wallet'), passphrase).encryptPlainKeys() : 0;
    console.log(`encrypted ${caKeys} CA key${caKeys === 1 ? '' : 's'} and ${walletKeys} wallet key${walletKeys === 1 ? '' : 's'} in ${dataDir}`);
    return 0;
}

/** The CA keys a data directory holds: one per organization of the embedded ledger, and the device CA's. */
function caKeyFiles(dataDir: string): string[] {
    const mspRoot = join(dataDir, 'ledger', 'msp');
    const organizations = existsSync(mspRoot) ? readdirSync(mspRoot).map((mspId) => join(mspRoot, mspId, 'ca-key.pem')) : [];
    return [...organizations, join(dataDir, 'telemetry', 'ca', 'device-ca-key.pem')].filter((path) => existsSync(path));
}
