import assert from 'node:assert/strict';
import { X509Certificate, generateKeyPairSync, verify as cryptoVerify } from 'node:crypto';
import { CertificateAuthority } from './certificate-authority';
import { P256_ORDER, decodeDerSignature, encodeDerSignature, isLowS } from './ecdsa-signature';
import type { Identity } from './identity';
import { holdsKeyOf, sign, verifySignature } from './signer';
import { UnsupportedKeyError } from './unsupported-key-error';

describe('signer', () => {
    const message = new TextEncoder().encode('proposal bytes');
    let alice: Identity;
    let bob: Identity;

    before(async () => {
        const ca = await CertificateAuthority.create('CarrierMSP');
        [alice, bob] = await Promise.all([ca.enroll('alice'), ca.enroll('bob')]);
    });

    it('produces DER signatures that verify against the certificate', () => {
        const signature = sign(alice.privateKey, message);
        assert.equal(signature[0], 0x30);
        assert.equal(signature[1], signature.length - 2);
        assert.ok(verifySignature(alice.certificate, message, signature));
    });

    it('always produces low-S signatures', () => {
        // Raw ECDSA gives high S half the time; 64 low-S in a row would otherwise happen with p = 2^-64.
        for (let i = 0; i < 64; i++) {
            const signature = sign(alice.privateKey, message);
            assert.ok(isLowS(decodeDerSignature(signature)));
            assert.ok(verifySignature(alice.certificate, message, signature));
        }
    });

    it('rejects the high-S twin of a valid signature, which plain ECDSA would accept', () => {
        const low = decodeDerSignature(sign(alice.privateKey, message));
        const high = Uint8Array.from(low);
        const s = BigInt(`0x${Buffer.from(low.subarray(32)).toString('hex')}`);
        high.set(Buffer.from((P256_ORDER - s).toString(16).padStart(64, '0'), 'hex'), 32);
        const highDer = encodeDerSignature(high);

        assert.equal(isLowS(high), false);
        assert.ok(cryptoVerify('sha256', message, new X509Certificate(alice.certificate).publicKey, highDer), 'the high-S signature is mathematically valid');
        assert.equal(verifySignature(alice.certificate, message, highDer), false);
    });

    it('rejects another message, another signer and malformed signatures', () => {
        const signature = sign(alice.privateKey, message);
        assert.equal(verifySignature(alice.certificate, new TextEncoder().encode('other bytes'), signature), false);
        assert.equal(verifySignature(bob.certificate, message, signature), false);
        assert.equal(verifySignature(alice.certificate, message, new Uint8Array(0)), false);
        assert.equal(verifySignature(alice.certificate, message, Uint8Array.from([...signature, 0])), false);
        assert.equal(verifySignature(alice.certificate, message, decodeDerSignature(signature)), false, 'P1363 is not DER');
    });

    it('tells whether a private key is the one of a certificate', () => {
        assert.equal(holdsKeyOf(alice.privateKey, alice.certificate), true);
        assert.equal(holdsKeyOf(bob.privateKey, alice.certificate), false);
        assert.equal(holdsKeyOf('pkcs11:object=alice', alice.certificate), false, 'a token key is not read here: it signs');
        const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
        assert.equal(holdsKeyOf(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, alice.certificate), false);
    });

    it('refuses keys other than ECDSA P-256', () => {
        const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
        assert.throws(() => sign(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, message), UnsupportedKeyError);
    });
});
