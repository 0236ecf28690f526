import { strict as assert } from 'node:assert';
import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeviceKey } from '@coldtrace/iot-sensor';
import { DeviceCertificateAuthority, identityOfSubject } from './device-certificate-authority';
import { InvalidCsrError } from './invalid-csr-error';

describe('DeviceCertificateAuthority', () => {
    let ca: DeviceCertificateAuthority;

    before(async () => {
        ca = await DeviceCertificateAuthority.create();
    });

    it('signs a device CSR under the subject it chooses, not the one the device asks for', async () => {
        const { csrPem } = await createDeviceKey('T-IMPERSONATED');
        const certificatePem = await ca.signCsr(csrPem, { commonName: 'T-1', kind: 'device' });
        const certificate = new X509Certificate(certificatePem);
        assert.match(certificate.subject, /OU=device\nCN=T-1/);
        assert.ok(certificate.checkIssued(new X509Certificate(ca.certificatePem)));
        assert.deepEqual(ca.identityOf(certificatePem), { commonName: 'T-1', kind: 'device' });
        assert.equal(ca.commonNameOfCsr(csrPem), 'T-IMPERSONATED');
    });

    it('refuses what is not a CSR, and a CSR whose signature does not verify', async () => {
        await assert.rejects(ca.signCsr('hello', { commonName: 'T-1', kind: 'device' }), InvalidCsrError);
        const { csrPem } = await createDeviceKey('T-2');
        const der = Buffer.from(csrPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
        der.write('T-3', der.indexOf('T-2'));
        const forged = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
        await assert.rejects(ca.signCsr(forged, { commonName: 'T-2', kind: 'device' }), /signature does not verify/);
    });

    it('does not recognise certificates of another CA', async () => {
        const other = await DeviceCertificateAuthority.create('another CA');
        const foreign = await other.issue({ commonName: 'T-1', kind: 'device' });
        assert.equal(ca.identityOf(foreign.certificatePem), undefined);
        assert.equal(ca.identityOf('not a certificate'), undefined);
    });

    it('issues server certificates for localhost that TLS accepts by name', async () => {
        const server = await ca.issue({ commonName: 'localhost', kind: 'service' }, { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
        const certificate = new X509Certificate(server.certificatePem);
        assert.equal(certificate.checkHost('localhost'), 'localhost');
        assert.equal(certificate.checkIP('127.0.0.1'), '127.0.0.1');
    });

    it('is kept on disk with its key readable only by its owner, and reloaded the same', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'coldtrace-device-ca-'));
        try {
            const saved = await DeviceCertificateAuthority.openOrCreate(join(dir, 'ca'));
            const reloaded = await DeviceCertificateAuthority.openOrCreate(join(dir, 'ca'));
            assert.equal(reloaded.certificatePem, saved.certificatePem);
            assert.equal(statSync(join(dir, 'ca', 'device-ca-key.pem')).mode & 0o077, 0);
            assert.equal(statSync(join(dir, 'ca')).mode & 0o777, 0o700);
            // A CA kept before keys were private is narrowed when it is next opened.
            chmodSync(join(dir, 'ca', 'device-ca-key.pem'), 0o644);
            chmodSync(join(dir, 'ca'), 0o755);
            await DeviceCertificateAuthority.openOrCreate(join(dir, 'ca'));
            assert.equal(statSync(join(dir, 'ca', 'device-ca-key.pem')).mode & 0o777, 0o600);
            assert.equal(statSync(join(dir, 'ca')).mode & 0o777, 0o700);
            const issued = await reloaded.issue({ commonName: 'coldtrace-detector', kind: 'service' });
            assert.deepEqual(saved.identityOf(issued.certificatePem), { commonName: 'coldtrace-detector', kind: 'service' });
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it('refuses a directory with the key but not the certificate, and leaves the key alone', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'coldtrace-device-ca-'));
        try {
            await DeviceCertificateAuthority.openOrCreate(join(dir, 'ca'));
            const key = readFileSync(join(dir, 'ca', 'device-ca-key.pem'), 'utf8');
            unlinkSync(join(dir, 'ca', 'device-ca-cert.pem'));
            await assert.rejects(DeviceCertificateAuthority.openOrCreate(join(dir, 'ca')), {
                name: 'InvalidCaMaterialError',
                message: /device-ca-key\.pem exists without device-ca-cert\.pem; refusing to replace part of a CA/,
            });
            assert.equal(readFileSync(join(dir, 'ca', 'device-ca-key.pem'), 'utf8'), key);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it('is created once when several processes open it at the same time', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'coldtrace-device-ca-'));
        try {
            const opened = await Promise.all(Array.from({ length: 4 }, () => DeviceCertificateAuthority.openOrCreate(join(dir, 'ca'))));
            assert.ok(opened.every((ca) => ca.certificatePem === opened[0]?.certificatePem));
            assert.deepEqual(readdirSync(join(dir, 'ca')).sort(), ['device-ca-cert.pem', 'device-ca-key.pem']);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it('reads identities from subjects as OpenSSL and Node print them', () => {
        assert.deepEqual(identityOfSubject('O=coldtrace devices, OU=claim, CN=fleet'), { commonName: 'fleet', kind: 'claim' });
        assert.deepEqual(identityOfSubject('O=coldtrace devices\nOU=device\nCN=T-9'), { commonName: 'T-9', kind: 'device' });
        assert.equal(identityOfSubject('O=x, OU=admin, CN=root'), undefined);
    });
});
