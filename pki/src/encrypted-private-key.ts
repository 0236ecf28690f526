import { createCipheriv, createPrivateKey, randomBytes, scryptSync, type KeyObject } from 'node:crypto';
import { der } from './der';
import { isPkcs11KeyUri } from './pkcs11-key-uri';
import { WrongPassphraseError } from './wrong-passphrase-error';

/** The environment variable holding the passphrase keys are encrypted with at rest. */
export const KEY_PASSPHRASE_ENV = 'COLDTRACE_KEY_PASSPHRASE';

const PBES2 = '1.2.840.113549.1.5.13';
const SCRYPT = '1.3.6.1.4.1.11591.4.11';
const AES_256_CBC = '2.16.840.1.101.3.4.1.42';
// OpenSSL's `pkcs8 -scrypt` defaults: 16 MiB of memory per derivation, well inside Node's 32 MiB cap.
const SCRYPT_COST = { N: 16384, r: 8, p: 1 };
const ENCRYPTED_LABEL = 'ENCRYPTED PRIVATE KEY';

/**
 * The key passphrase configured for this process (`COLDTRACE_KEY_PASSPHRASE`), or undefined when
 * keys are kept in plain PKCS#8.
 *
 * @example
 * const passphrase = keyPassphraseFromEnvironment();
 */
export function keyPassphraseFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
    const passphrase = env[KEY_PASSPHRASE_ENV];
    return passphrase === undefined || passphrase === '' ? undefined : passphrase;
}

/** True for a PEM `ENCRYPTED PRIVATE KEY` (PKCS#8 EncryptedPrivateKeyInfo). */
export function isEncryptedPrivateKey(pem: string): boolean {
    return pem.includes(`-----BEGIN ${ENCRYPTED_LABEL}-----`);
}

/**
 * Encrypts a PEM private key as PKCS#8 EncryptedPrivateKeyInfo: PBES2 with scrypt deriving an
 * AES-256-CBC key, the form `openssl pkcs8 -topk8 -scrypt` writes and OpenSSL (hence Node) reads.
 *
 * @example
 * const stored = encryptPrivateKey(privateKeyPem, process.env.COLDTRACE_KEY_PASSPHRASE!);
 */
export function encryptPrivateKey(privateKeyPem: string, passphrase: string): string {
    const pkcs8 = createPrivateKey(privateKeyPem).export({ type: 'pkcs8', format: 'der' });
    const salt = randomBytes(16);
    const iv = randomBytes(16);
    const key = scryptSync(passphrase, salt, 32, SCRYPT_COST);
    const cipher = createCipheriv('aes-256-cbc', key, iv);
    const encrypted = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
    const algorithm = der.sequence(
        der.oid(PBES2),
        der.sequence(
            der.sequence(der.oid(SCRYPT), der.sequence(der.octetString(salt), der.integer(SCRYPT_COST.N), der.integer(SCRYPT_COST.r), der.integer(SCRYPT_COST.p))),
            der.sequence(der.oid(AES_256_CBC), der.octetString(iv)),
        ),
    );
    const body = der.sequence(algorithm, der.octetString(encrypted)).toString('base64');
    return `-----BEGIN ${ENCRYPTED_LABEL}-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END ${ENCRYPTED_LABEL}-----\n`;
}

/**
 * Reads a PEM private key, plain or encrypted, and returns it as plain PEM (PKCS#8 once decrypted). An encrypted
 * key without a passphrase, or with the wrong one, is a {@link WrongPassphraseError} naming `source`.
 *
 * @example
 * const pem = decryptPrivateKey(readFileSync(path, 'utf8'), keyPassphraseFromEnvironment(), path);
 */
export function decryptPrivateKey(pem: string, passphrase: string | undefined, source = 'the private key'): string {
    // A plain key is handed back untouched: parsing it is the signer's job.
    if (!isEncryptedPrivateKey(pem)) {
        return pem;
    }
    return readPrivateKey(pem, passphrase, source).export({ type: 'pkcs8', format: 'pem' }) as string;
}

/**
 * The private key in `pem`, decrypted when it is encrypted: see {@link decryptPrivateKey}.
 *
 * @example
 * const key = readPrivateKey(pem, passphrase, path);
 */
export function readPrivateKey(pem: string, passphrase: string | undefined, source = 'the private key'): KeyObject {
    if (!isEncryptedPrivateKey(pem)) {
        return createPrivateKey(pem);
    }
    if (passphrase === undefined) {
        throw new WrongPassphraseError(source, true);
    }
    try {
        return createPrivateKey({ key: pem, format: 'pem', passphrase });
    } catch {
        // A wrong passphrase usually fails the padding check, but 1 in 256 decrypts to garbage that
        // fails to parse instead: both mean the same to the operator.
        throw new WrongPassphraseError(source, false);
    }
}

/**
 * `privateKeyPem` as it should be stored: encrypted with `passphrase` when one is configured, plain
 * otherwise; a `pkcs11:` key reference as it is.
 *
 * @example
 * await writeKeyFile(path, protectPrivateKey(pem, keyPassphraseFromEnvironment()));
 */
export function protectPrivateKey(privateKeyPem: string, passphrase: string | undefined): string {
    // A pkcs11: URI names a key in its token, which guards it: there is nothing to encrypt.
    return passphrase === undefined || isPkcs11KeyUri(privateKeyPem) ? privateKeyPem : encryptPrivateKey(privateKeyPem, passphrase);
}
