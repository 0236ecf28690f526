import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { encryptKeyFile } from './encrypt-key-file';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decryptPrivateKey, encryptPrivateKey, isEncryptedPrivateKey, keyPassphraseFromEnvironment, protectPrivateKey } from './encrypted-private-key';
import { WrongPassphraseError } from './wrong-passphrase-error';

describe('encrypted private keys', () => {
    const plain = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

    it('round-trip through scrypt-based PKCS#8 encryption', () => {
        const encrypted = encryptPrivateKey(plain, 'correct horse');
        assert.ok(isEncryptedPrivateKey(encrypted));
        const [, firstBase64Line] = plain.split('\n');
        assert.ok(firstBase64Line && !encrypted.includes(firstBase64Line));
        assert.equal(decryptPrivateKey(encrypted, 'correct horse'), plain);
    });

    it('are the standard form OpenSSL reads, PBES2 with scrypt', () => {
        const encrypted = encryptPrivateKey(plain, 'correct horse');
        // Node's own OpenSSL decrypts it without our code.
        assert.equal(createPrivateKey({ key: encrypted, passphrase: 'correct horse' }).export({ type: 'pkcs8', format: 'pem' }), plain);
        const dir = mkdtempSync(join(tmpdir(), 'coldtrace-encrypted-key-'));
        try {
            writeFileSync(join(dir, 'key.pem'), encrypted);
            let parsed: string;
            try {
                parsed = execFileSync('openssl', ['asn1parse', '-in', join(dir, 'key.pem')], { encoding: 'utf8' });
            } catch {
                return; // no openssl binary here: Node's check above stands
            }
            assert.match(parsed, /PBES2/);
            assert.match(parsed, /scrypt/);
            assert.match(parsed, /aes-256-cbc/);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it('refuse a wrong or missing passphrase with a clear error', () => {
        const encrypted = encryptPrivateKey(plain, 'correct horse');
        assert.throws(
            () => decryptPrivateKey(encrypted, 'battery staple', 'ca-key.pem'),
            (error: unknown) => error instanceof WrongPassphraseError && /ca-key\.pem cannot be decrypted: COLDTRACE_KEY_PASSPHRASE is not/.test(error.message),
        );
        assert.throws(() => decryptPrivateKey(encrypted, undefined, 'ca-key.pem'), /ca-key\.pem is encrypted: set COLDTRACE_KEY_PASSPHRASE/);
    });

    it('leave plain keys readable, with or without a passphrase', () => {
        assert.equal(decryptPrivateKey(plain, undefined), plain);
        assert.equal(decryptPrivateKey(plain, 'any'), plain);
        assert.equal(protectPrivateKey(plain, undefined), plain);
        assert.ok(isEncryptedPrivateKey(protectPrivateKey(plain, 'p')));
        assert.equal(protectPrivateKey('pkcs11:token=t;id=%01;type=private', 'p'), 'pkcs11:token=t;id=%01;type=private');
    });

    it('take the passphrase from COLDTRACE_KEY_PASSPHRASE, an empty one meaning none', () => {
        assert.equal(keyPassphraseFromEnvironment({ COLDTRACE_KEY_PASSPHRASE: 's3cret' }), 's3cret');
        assert.equal(keyPassphraseFromEnvironment({ COLDTRACE_KEY_PASSPHRASE: '' }), undefined);
        assert.equal(keyPassphraseFromEnvironment({}), undefined);
    });
});

describe('encryptKeyFile', () => {
    it('encrypts a plain key file in place, once, keeping it 0600 and the same key', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'coldtrace-encrypt-key-file-'));
        try {
            const plain = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
            writeFileSync(join(dir, 'key.pem'), plain, { mode: 0o644 });
            assert.equal(await encryptKeyFile(join(dir, 'key.pem'), 'p'), true);
            const stored = readFileSync(join(dir, 'key.pem'), 'utf8');
            assert.ok(isEncryptedPrivateKey(stored));
            assert.equal(decryptPrivateKey(stored, 'p'), plain);
            assert.equal(statSync(join(dir, 'key.pem')).mode & 0o777, 0o600);
            assert.equal(await encryptKeyFile(join(dir, 'key.pem'), 'p'), false);
            assert.equal(readFileSync(join(dir, 'key.pem'), 'utf8'), stored);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
