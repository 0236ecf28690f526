import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { DeviceCertificateAuthority } from './device-certificate-authority';
import { PeerIdentityCache } from './peer-identity-cache';

/** A socket as the TLS server leaves it after a full (or resumed) handshake, counting how often its certificate is decoded. */
function socketWith(certificatePem: string | undefined, authorized = true, resumed = false) {
    const reads = { count: 0 };
    const certificate = () => {
        reads.count += 1;
        return certificatePem ? new X509Certificate(certificatePem) : undefined;
    };
    const socket = {
        authorized,
        isSessionReused: () => resumed,
        getPeerX509Certificate: certificate,
        // As Node's plain object: empty without a peer certificate.
        getPeerCertificate: () => {
            const decoded = certificate();
            return decoded ? { fingerprint256: decoded.fingerprint256, subject: {} } : {};
        },
    } as unknown as TLSSocket;
    return { socket, reads };
}

describe('PeerIdentityCache', () => {
    let dir: string;
    let ca: DeviceCertificateAuthority;
    before(async () => {
        dir = mkdtempSync(join(tmpdir(), 'peer-identity-cache-'));
        ca = await DeviceCertificateAuthority.openOrCreate(join(dir, 'ca'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('names the device a verified certificate is for, the same from the cache the second time', async () => {
        const { certificatePem } = await ca.issue({ commonName: 'T-1', kind: 'device' });
        const cache = new PeerIdentityCache();
        assert.deepEqual(cache.of(socketWith(certificatePem).socket), { commonName: 'T-1', kind: 'device' });
        assert.deepEqual(cache.of(socketWith(certificatePem).socket), { commonName: 'T-1', kind: 'device' });
        assert.equal(cache.size, 1);
    });

    it('names the same device after a resumed handshake, from the cache', async () => {
        const { certificatePem } = await ca.issue({ commonName: 'T-4', kind: 'device' });
        const cache = new PeerIdentityCache();
        assert.deepEqual(cache.of(socketWith(certificatePem).socket), { commonName: 'T-4', kind: 'device' });
        const resumed = socketWith(certificatePem, true, true);
        assert.deepEqual(cache.of(resumed.socket), { commonName: 'T-4', kind: 'device' });
        assert.equal(resumed.reads.count, 1, 'only the fingerprint is read');
        assert.equal(cache.size, 1);
    });

    it('gives a verified socket without a peer certificate, or one whose subject the CA does not write, no identity', async () => {
        const cache = new PeerIdentityCache();
        assert.equal(cache.of(socketWith(undefined).socket), undefined);
        assert.equal(cache.of(socketWith(undefined, true, true).socket), undefined);
        assert.equal(cache.of(socketWith(ca.certificatePem).socket), undefined);
    });

    it('gives an unverified socket no identity, without reading its certificate', () => {
        const { socket, reads } = socketWith(undefined, false);
        assert.equal(new PeerIdentityCache().of(socket), undefined);
        assert.equal(reads.count, 0);
    });

    it('keeps at most its limit, dropping the oldest, and forgets a certificate on request', async () => {
        const cache = new PeerIdentityCache(2);
        const pems = await Promise.all(['T-1', 'T-2', 'T-3'].map(async (commonName) => (await ca.issue({ commonName, kind: 'device' })).certificatePem));
        pems.forEach((pem) => cache.of(socketWith(pem).socket));
        assert.equal(cache.size, 2);
        cache.forget(new X509Certificate(String(pems[2])).fingerprint256);
        assert.equal(cache.size, 1);
    });
});
