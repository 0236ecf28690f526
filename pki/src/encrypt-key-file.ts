import { readFile } from 'node:fs/promises';
import { encryptPrivateKey, isEncryptedPrivateKey, readPrivateKey } from './encrypted-private-key';
import { writeFileAtomically, KEY_FILE_MODE } from './key-file';

/**
 * Replaces a plain PEM key file by the same key encrypted with `passphrase` (0600, atomically:
 * the one place a key file is rewritten, and only ever with the key it held). Answers false for a
 * key already encrypted, which is left as it is.
 *
 * @example
 * await encryptKeyFile('data/ledger/msp/CarrierMSP/ca-key.pem', process.env.COLDTRACE_KEY_PASSPHRASE!);
 */
export async function encryptKeyFile(path: string, passphrase: string): Promise<boolean> {
    const pem = await readFile(path, 'utf8');
    if (isEncryptedPrivateKey(pem)) {
        return false;
    }
    const encrypted = encryptPrivateKey(pem, passphrase);
    // Read back before replacing: the file must decrypt to exactly the key it held.
    const original = readPrivateKey(pem, undefined, path).export({ type: 'pkcs8', format: 'der' });
    if (!readPrivateKey(encrypted, passphrase, path).export({ type: 'pkcs8', format: 'der' }).equals(original)) {
        throw new Error(`${path}: the encrypted key does not decrypt to the original; left unchanged`);
    }
    await writeFileAtomically(path, encrypted, { mode: KEY_FILE_MODE, overwrite: true });
    return true;
}
