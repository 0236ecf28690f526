import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientIdentity, type ChaincodeStub } from 'fabric-shim';
import { CertificateAuthority, FABRIC_ATTRIBUTES_OID } from './certificate-authority';
import { decodeDerSignature, isLowS } from './ecdsa-signature';
import { InvalidCaMaterialError, nodeWebCrypto, x509 } from '@coldtrace/pki';
import { InvalidMspIdError } from './invalid-msp-id-error';
import { UntrustedIdentityError } from './untrusted-identity-error';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('CertificateAuthority', () => {
    let workDir: string;
    let ca: CertificateAuthority;

    before(async () => {
        ca = await CertificateAuthority.create('ManufacturerMSP');
    });

    beforeEach(async () => {
        workDir = await mkdtemp(join(tmpdir(), 'coldtrace-ca-'));
    });

    afterEach(async () => {
        await rm(workDir, { recursive: true, force: true });
    });

    describe('create', () => {
        it('makes a self-signed P-256 root named after the organization, valid for 10 years', () => {
            const root = new x509.X509Certificate(ca.certificatePem);
            assert.equal(ca.mspId, 'ManufacturerMSP');
            assert.deepEqual(root.subjectName.getField('CN'), ['ca.manufacturer.coldtrace.local']);
            assert.deepEqual(root.subjectName.getField('O'), ['ManufacturerMSP']);
            assert.equal(root.subject, root.issuer);
            assert.equal((root.publicKey.algorithm as EcKeyAlgorithm).namedCurve, 'P-256');
            assert.deepEqual(root.signatureAlgorithm, { name: 'ECDSA', hash: { name: 'SHA-256' } });
            const constraints = root.getExtension(x509.BasicConstraintsExtension);
            assert.equal(constraints?.ca, true);
            const usages = root.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
            assert.equal(usages, x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
            const years = (root.notAfter.getTime() - root.notBefore.getTime()) / (365.25 * DAY_MS);
            assert.ok(Math.abs(years - 10) < 0.01, `validity is ${years} years`);
            assert.ok(root.notBefore.getTime() <= Date.now());
            assert.ok(new X509Certificate(ca.certificatePem).verify(new X509Certificate(ca.certificatePem).publicKey));
        });

        it('accepts an explicit common name', async () => {
            const custom = await CertificateAuthority.create('CarrierMSP', 'ca.carrier.example.com');
            assert.deepEqual(new x509.X509Certificate(custom.certificatePem).subjectName.getField('CN'), ['ca.carrier.example.com']);
        });

        it('rejects an MSP ID that could escape its directory', async () => {
            await assert.rejects(CertificateAuthority.create('../ManufacturerMSP'), InvalidMspIdError);
        });
    });

    describe('enroll', () => {
        it('issues a Fabric CA shaped certificate carrying the attributes as raw JSON', async () => {
            const identity = await ca.enroll('sensor-7', { attributes: { 'coldtrace.role': 'detector' } });
            assert.equal(identity.mspId, 'ManufacturerMSP');
            const certificate = new x509.X509Certificate(identity.certificate);
            const root = new x509.X509Certificate(ca.certificatePem);

            assert.deepEqual(certificate.subjectName.toJSON(), [{ O: ['ManufacturerMSP'] }, { OU: ['client'] }, { CN: ['sensor-7'] }]);
            assert.equal(certificate.issuer, root.subject);
            assert.equal(certificate.getExtension(x509.BasicConstraintsExtension)?.ca, false);
            assert.equal(certificate.getExtension(x509.KeyUsagesExtension)?.usages, x509.KeyUsageFlags.digitalSignature);
            assert.equal(certificate.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId, root.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId);
            assert.ok(certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId);
            const days = (certificate.notAfter.getTime() - certificate.notBefore.getTime()) / DAY_MS;
            assert.ok(days === 365 || days === 366, `validity is ${days} days`);

            const attributes = certificate.getExtension(FABRIC_ATTRIBUTES_OID);
            assert.ok(attributes);
            assert.equal(attributes.critical, false);
            assert.equal(
                Buffer.from(attributes.value).toString('utf8'),
                '{"attrs":{"coldtrace.role":"detector","hf.Affiliation":"","hf.EnrollmentID":"sensor-7","hf.Type":"client"}}',
            );
        });

        it('returns a PKCS#8 private key matching the certificate', async () => {
            const identity = await ca.enroll('alice');
            assert.match(identity.privateKey, /^-----BEGIN PRIVATE KEY-----\n/);
            const fromKey = createPublicKey(createPrivateKey(identity.privateKey)).export({ type: 'spki', format: 'der' });
            const fromCertificate = new X509Certificate(identity.certificate).publicKey.export({ type: 'spki', format: 'der' });
            assert.deepEqual(fromKey, fromCertificate);
        });

        it('gives every certificate a fresh key and a random 16-byte serial', async () => {
            const [a, b] = await Promise.all([ca.enroll('alice'), ca.enroll('alice')]);
            const serialA = new x509.X509Certificate(a.certificate).serialNumber;
            const serialB = new x509.X509Certificate(b.certificate).serialNumber;
            assert.notEqual(serialA, serialB);
            assert.ok(serialA.length <= 32 && serialA.length >= 28, serialA);
            assert.notEqual(a.privateKey, b.privateKey);
        });

        it('uses the type as OU and hf.Type, and lets no caller attribute override the hf.* ones', async () => {
            const identity = await ca.enroll('root', { type: 'admin', attributes: { 'hf.EnrollmentID': 'someone-else', 'hf.Type': 'peer' } });
            assert.deepEqual(new x509.X509Certificate(identity.certificate).subjectName.getField('OU'), ['admin']);
            assert.deepEqual(ca.verify(identity.certificate).attributes, { 'hf.Affiliation': '', 'hf.EnrollmentID': 'root', 'hf.Type': 'admin' });
        });

        it('signs certificates with low-S signatures, as Fabric CA does', async () => {
            const certificates = [ca.certificatePem, ...(await Promise.all(Array.from({ length: 24 }, (_, i) => ca.enroll(`user${i}`)))).map((identity) => identity.certificate)];
            for (const pem of certificates) {
                assert.ok(isLowS(decodeDerSignature(new Uint8Array(new x509.X509Certificate(pem).signature))));
            }
        });

        it('rejects an empty user ID', async () => {
            await assert.rejects(ca.enroll(''), RangeError);
        });
    });

    describe('fabric-shim compatibility', () => {
        it("reads MSP ID, ID and attributes through fabric-shim's ClientIdentity", async () => {
            const identity = await ca.enroll('sensor-7', { attributes: { 'coldtrace.role': 'detector' } });
            const stub = {
                getCreator: () => ({ mspid: identity.mspId, idBytes: Buffer.from(identity.certificate) }),
                getChannelID: () => 'ch',
                getTxID: () => 'tx',
            };
            const clientIdentity = new ClientIdentity(stub as unknown as ChaincodeStub);
            assert.equal(clientIdentity.getMSPID(), 'ManufacturerMSP');
            assert.equal(clientIdentity.getAttributeValue('coldtrace.role'), 'detector');
            assert.equal(clientIdentity.getAttributeValue('hf.EnrollmentID'), 'sensor-7');
            assert.equal(clientIdentity.getAttributeValue('hf.Type'), 'client');
            assert.equal(clientIdentity.getAttributeValue('coldtrace.unknown'), null);
            assert.ok(clientIdentity.assertAttributeValue('coldtrace.role', 'detector'));
            assert.ok(clientIdentity.getID().includes('/CN=sensor-7'), clientIdentity.getID());
            assert.equal(clientIdentity.getID(), 'x509::/O=ManufacturerMSP/OU=client/CN=sensor-7::/O=ManufacturerMSP/CN=ca.manufacturer.coldtrace.local');
        });
    });

    describe('verify', () => {
        it('returns the MSP, the common name and the attributes', async () => {
            const identity = await ca.enroll('sensor-7', { attributes: { 'coldtrace.role': 'detector' } });
            assert.deepEqual(ca.verify(identity.certificate), {
                mspId: 'ManufacturerMSP',
                userId: 'sensor-7',
                attributes: { 'coldtrace.role': 'detector', 'hf.Affiliation': '', 'hf.EnrollmentID': 'sensor-7', 'hf.Type': 'client' },
            });
        });

        it('rejects a certificate from another CA, even one with the same name', async () => {
            const other = await CertificateAuthority.create('CarrierMSP');
            const impostor = await CertificateAuthority.create('ManufacturerMSP');
            for (const foreign of [await other.enroll('mallory'), await impostor.enroll('mallory')]) {
                assert.throws(
                    () => ca.verify(foreign.certificate),
                    (error: unknown) => {
                        assert.ok(error instanceof UntrustedIdentityError);
                        assert.equal(error.code, 'UNTRUSTED_IDENTITY');
                        assert.equal(error.mspId, 'ManufacturerMSP');
                        return true;
                    },
                );
            }
        });

        it('rejects a certificate whose signature was tampered with', async () => {
            const identity = await ca.enroll('alice');
            const der = Buffer.from(new X509Certificate(identity.certificate).raw);
            // The signature BIT STRING is the last element of the certificate.
            der.writeUInt8(der.readUInt8(der.length - 1) ^ 0x01, der.length - 1);
            assert.throws(() => ca.verify(toPem(der)), { name: 'UntrustedIdentityError', message: /signature does not verify/ });
        });

        it('rejects a certificate whose attributes were forged', async () => {
            const identity = await ca.enroll('alice', { attributes: { 'coldtrace.role': 'viewer' } });
            const der = Buffer.from(new X509Certificate(identity.certificate).raw);
            const at = der.indexOf('"viewer"');
            assert.ok(at > 0);
            der.write('"admin!"', at, 'latin1');
            assert.throws(() => ca.verify(toPem(der)), UntrustedIdentityError);
        });

        it('rejects an expired certificate and one not yet valid', async () => {
            await ca.save(workDir);
            const now = Date.now();
            const expired = await issueDirectly(workDir, ca, new Date(now - 400 * DAY_MS), new Date(now - DAY_MS));
            assert.throws(() => ca.verify(expired), { name: 'UntrustedIdentityError', message: /expired/ });
            const future = await issueDirectly(workDir, ca, new Date(now + DAY_MS), new Date(now + 400 * DAY_MS));
            assert.throws(() => ca.verify(future), { name: 'UntrustedIdentityError', message: /not valid before/ });
            // The same issuing path with a current validity passes, so the dates are what failed above.
            const current = await issueDirectly(workDir, ca, new Date(now - DAY_MS), new Date(now + DAY_MS));
            assert.equal(ca.verify(current).userId, 'direct');
        });

        it("rejects the CA's own certificate as an identity", () => {
            assert.throws(() => ca.verify(ca.certificatePem), { name: 'UntrustedIdentityError', message: /CA certificate/ });
        });

        it('rejects something that is not a certificate', () => {
            assert.throws(() => ca.verify('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), UntrustedIdentityError);
            assert.throws(() => ca.verify('hello'), UntrustedIdentityError);
        });
    });

    describe('persistence', () => {
        it('saves and loads the same CA, which still verifies certificates issued before', async () => {
            const before = await ca.enroll('alice', { attributes: { 'coldtrace.role': 'detector' } });
            await ca.save(workDir);
            const loaded = await CertificateAuthority.load(workDir, 'ManufacturerMSP');
            assert.equal(loaded.certificatePem, ca.certificatePem);
            assert.equal(loaded.mspId, 'ManufacturerMSP');
            assert.equal(loaded.verify(before.certificate).attributes['coldtrace.role'], 'detector');
            // And the loaded key signs certificates the original CA accepts.
            assert.equal(ca.verify((await loaded.enroll('bob')).certificate).userId, 'bob');
        });

        it('writes the key with mode 0600 into a 0700 directory', async () => {
            const dir = join(workDir, 'msp', 'ManufacturerMSP');
            await ca.save(dir);
            assert.equal((await stat(join(dir, 'ca-key.pem'))).mode & 0o777, 0o600);
            assert.equal((await stat(dir)).mode & 0o777, 0o700);
            assert.match(await readFile(join(dir, 'ca-key.pem'), 'utf8'), /^-----BEGIN PRIVATE KEY-----\n/);
            assert.equal(await readFile(join(dir, 'ca-cert.pem'), 'utf8'), ca.certificatePem);
        });

        it('openOrCreate creates a CA once and reopens it afterwards', async () => {
            const created = await CertificateAuthority.openOrCreate(workDir, 'RetailerMSP');
            const reopened = await CertificateAuthority.openOrCreate(workDir, 'RetailerMSP');
            assert.equal(reopened.certificatePem, created.certificatePem);
            assert.equal(reopened.verify((await created.enroll('carol')).certificate).userId, 'carol');
        });

        it('openOrCreate refuses to replace a CA whose key is missing', async () => {
            await ca.save(workDir);
            await rm(join(workDir, 'ca-key.pem'));
            await assert.rejects(CertificateAuthority.openOrCreate(workDir, 'ManufacturerMSP'), InvalidCaMaterialError);
            assert.equal(await readFile(join(workDir, 'ca-cert.pem'), 'utf8'), ca.certificatePem);
        });

        it('load rejects a CA of another MSP, a mismatched key and missing files', async () => {
            await ca.save(workDir);
            await assert.rejects(CertificateAuthority.load(workDir, 'CarrierMSP'), { name: 'InvalidCaMaterialError', message: /not CarrierMSP/ });

            const stranger = await CertificateAuthority.create('ManufacturerMSP');
            const strangerDir = join(workDir, 'stranger');
            await stranger.save(strangerDir);
            await writeFile(join(workDir, 'ca-key.pem'), await readFile(join(strangerDir, 'ca-key.pem')));
            await assert.rejects(CertificateAuthority.load(workDir, 'ManufacturerMSP'), { name: 'InvalidCaMaterialError', message: /not the key/ });

            await assert.rejects(CertificateAuthority.load(join(workDir, 'nowhere'), 'ManufacturerMSP'), { name: 'InvalidCaMaterialError', message: /cannot read/ });
        });
    });

    it('never dates a certificate before its CA, which Fabric would refuse as not yet valid', async () => {
        // A CA dated "now", as cryptogen makes one moments before coldtrace enrolls users with it.
        const dir = await mkdtemp(join(tmpdir(), 'coldtrace-fresh-ca-'));
        execFileSync(
            'openssl',
            [
                'req',
                '-x509',
                '-newkey',
                'ec',
                '-pkeyopt',
                'ec_paramgen_curve:P-256',
                '-nodes',
                '-days',
                '1',
                '-subj',
                '/O=Org1/CN=ca.org1',
                '-keyout',
                join(dir, 'key.pem'),
                '-out',
                join(dir, 'cert.pem'),
            ],
            { stdio: 'ignore' },
        );
        const ca = await CertificateAuthority.fromPem('Org1MSP', await readFile(join(dir, 'cert.pem'), 'utf8'), await readFile(join(dir, 'key.pem'), 'utf8'));
        await rm(dir, { recursive: true, force: true });
        const identity = await ca.enroll('fresh');
        const leaf = new X509Certificate(identity.certificate);
        const root = new X509Certificate(ca.certificatePem);
        assert.ok(Date.parse(leaf.validFrom) >= Date.parse(root.validFrom), `${leaf.validFrom} < ${root.validFrom}`);
    });
});

/** Issues a certificate with chosen dates by signing with the saved CA key directly: enroll() always uses now. */
async function issueDirectly(caDir: string, ca: CertificateAuthority, notBefore: Date, notAfter: Date): Promise<string> {
    const caKey = createPrivateKey(await readFile(join(caDir, 'ca-key.pem'), 'utf8'));
    const signingKey = await nodeWebCrypto.subtle.importKey('pkcs8', caKey.export({ type: 'pkcs8', format: 'der' }), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const keys = await nodeWebCrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const root = new x509.X509Certificate(ca.certificatePem);
    const certificate = await x509.X509CertificateGenerator.create({
        subject: new x509.Name([{ O: [ca.mspId] }, { OU: ['client'] }, { CN: ['direct'] }]),
        issuer: root.subjectName,
        notBefore,
        notAfter,
        publicKey: keys.publicKey,
        signingKey,
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams,
        extensions: [new x509.BasicConstraintsExtension(false), await x509.AuthorityKeyIdentifierExtension.create(root.publicKey)],
    });
    return certificate.toString('pem');
}

function toPem(der: Buffer): string {
    const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
    return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
