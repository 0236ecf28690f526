import { strict as assert } from 'node:assert';
import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openOrCreateCaFiles, type CaMaterial } from './ca-files';
import { checkIssuedBy, createRootCertificate, issueCertificate } from './certificates';
import { isEncryptedPrivateKey } from './encrypted-private-key';
import { InvalidCaMaterialError } from './invalid-ca-material-error';
import { exportPrivateKeyPem, generateKeyPair, importSigningKey } from './key-pair';
import { WrongPassphraseError } from './wrong-passphrase-error';
import { x509 } from './x509';

const names = { certificate: 'ca-cert.pem', key: 'ca-key.pem' };

async function newCa(): Promise<CaMaterial> {
    const keys = await generateKeyPair();
    return { certificatePem: await createRootCertificate({ name: [{ CN: ['test CA'] }], keys, validity: { years: 10 } }), privateKeyPem: exportPrivateKeyPem(keys.privateKey) };
}

describe('CA files', () => {
    let dir: string;
    beforeEach(() => {
        dir = join(mkdtempSync(join(tmpdir(), 'coldtrace-ca-files-')), 'ca');
    });
    afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

    it('are created once, with the key 0600 in a 0700 directory, and reloaded the same', async () => {
        const created = await openOrCreateCaFiles(dir, names, newCa);
        assert.equal(statSync(join(dir, 'ca-key.pem')).mode & 0o777, 0o600);
        assert.equal(statSync(dir).mode & 0o777, 0o700);
        assert.deepEqual(await openOrCreateCaFiles(dir, names, () => assert.fail('must not create a second CA')), created);
    });

    it('are created by exactly one of several concurrent openers, all of which then use that CA', async () => {
        const opened = await Promise.all(Array.from({ length: 6 }, () => openOrCreateCaFiles(dir, names, newCa)));
        const [first] = opened;
        assert.ok(first);
        assert.ok(opened.every((material) => material.certificatePem === first.certificatePem && material.privateKeyPem === first.privateKeyPem));
        assert.equal(readFileSync(join(dir, 'ca-cert.pem'), 'utf8'), first.certificatePem);
        assert.deepEqual(readdirSync(join(dir, '..')), ['ca']);
    });

    it('go beside other files already in the directory', async () => {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'README'), 'kept');
        const created = await openOrCreateCaFiles(dir, names, newCa);
        assert.deepEqual(readdirSync(dir).sort(), ['README', 'ca-cert.pem', 'ca-key.pem']);
        assert.deepEqual(await openOrCreateCaFiles(dir, names, newCa), created);
    });

    it('refuse a key without its certificate instead of replacing the key', async () => {
        await openOrCreateCaFiles(dir, names, newCa);
        const key = readFileSync(join(dir, 'ca-key.pem'), 'utf8');
        unlinkSync(join(dir, 'ca-cert.pem'));
        await assert.rejects(
            openOrCreateCaFiles(dir, names, newCa),
            (error: unknown) => error instanceof InvalidCaMaterialError && /ca-key\.pem exists without ca-cert\.pem; refusing to replace part of a CA/.test(error.message),
        );
        assert.equal(readFileSync(join(dir, 'ca-key.pem'), 'utf8'), key);
    });

    it('refuse a certificate without its key, and a key of another certificate', async () => {
        mkdirSync(dir, { recursive: true });
        const [one, two] = [await newCa(), await newCa()];
        writeFileSync(join(dir, 'ca-cert.pem'), one.certificatePem);
        await assert.rejects(openOrCreateCaFiles(dir, names, newCa), /ca-cert\.pem exists without ca-key\.pem/);
        writeFileSync(join(dir, 'ca-key.pem'), two.privateKeyPem);
        await assert.rejects(openOrCreateCaFiles(dir, names, newCa), /the key is not the key of the CA certificate/);
    });

    it('narrow a key kept before keys were private', async () => {
        await openOrCreateCaFiles(dir, names, newCa);
        chmodSync(join(dir, 'ca-key.pem'), 0o644);
        chmodSync(dir, 0o755);
        await openOrCreateCaFiles(dir, names, newCa);
        assert.equal(statSync(join(dir, 'ca-key.pem')).mode & 0o777, 0o600);
        assert.equal(statSync(dir).mode & 0o777, 0o700);
    });

    it('keep the key encrypted under a passphrase, and read it only with that passphrase', async () => {
        const created = await openOrCreateCaFiles(dir, names, newCa, { passphrase: 'p1' });
        assert.ok(isEncryptedPrivateKey(readFileSync(join(dir, 'ca-key.pem'), 'utf8')));
        assert.deepEqual(await openOrCreateCaFiles(dir, names, newCa, { passphrase: 'p1' }), created);
        await assert.rejects(openOrCreateCaFiles(dir, names, newCa, { passphrase: 'p2' }), WrongPassphraseError);
        await assert.rejects(openOrCreateCaFiles(dir, names, newCa), WrongPassphraseError);
    });

    it('sign certificates that check as issued by the CA, and only by it', async () => {
        const ca = await newCa();
        const issuer = { certificate: new x509.X509Certificate(ca.certificatePem), signingKey: await importSigningKey(ca.privateKeyPem) };
        const leafKeys = await generateKeyPair();
        const leaf = await issueCertificate(issuer, {
            subject: new x509.Name([{ CN: ['alice'] }]),
            publicKey: leafKeys.publicKey,
            validity: { days: 1 },
            keyUsages: x509.KeyUsageFlags.digitalSignature,
        });
        const check = checkIssuedBy(leaf, new X509Certificate(ca.certificatePem));
        assert.ok(check.ok);
        const other = await newCa();
        assert.match((checkIssuedBy(leaf, new X509Certificate(other.certificatePem)) as { reason: string }).reason, /not issued by/);
        assert.match((checkIssuedBy(ca.certificatePem, new X509Certificate(ca.certificatePem)) as { reason: string }).reason, /is a CA certificate/);
        assert.match((checkIssuedBy('junk', new X509Certificate(ca.certificatePem)) as { reason: string }).reason, /not a PEM/);
    });
});
