import { X509Certificate, createPrivateKey, createPublicKey, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { decodeDerSignature, encodeDerSignature, isLowS, toLowS } from './ecdsa-signature';
import { MalformedSignatureError } from './malformed-signature-error';
import { UnsupportedKeyError } from './unsupported-key-error';
import { BoundedCache } from '../util/bounded-cache';

// Parsing a PEM costs more than the signature itself; clients sign many proposals with one key.
const privateKeys = new BoundedCache<string, KeyObject>(256);
const publicKeys = new BoundedCache<string, KeyObject>(1024);
const keyPairs = new BoundedCache<string, boolean>(1024);

/**
 * Signs `message` with ECDSA P-256 / SHA-256 and returns the DER signature, normalized to low-S
 * because Fabric peers reject high-S signatures.
 *
 * @example
 * const signature = sign(identity.privateKey, proposalBytes);
 * verifySignature(identity.certificate, proposalBytes, signature); // true
 */
export function sign(privateKeyPem: string, message: Uint8Array): Uint8Array {
    const key = privateKeys.getOrCreate(privateKeyPem, () => createPrivateKey(privateKeyPem));
    assertP256(key);
    const p1363 = cryptoSign('sha256', message, { key, dsaEncoding: 'ieee-p1363' });
    return encodeDerSignature(toLowS(p1363));
}

/**
 * True when `signature` is a strict-DER, low-S ECDSA SHA-256 signature of `message` by the key in
 * `certificatePem`. A high-S signature is false even though it is mathematically valid, as on a
 * Fabric peer. Does not check who issued the certificate: that is {@link MspRegistry.verify}'s job.
 *
 * @example
 * if (!verifySignature(creatorPem, proposalBytes, signature)) throw new AccessDeniedError('bad signature');
 */
export function verifySignature(certificatePem: string, message: Uint8Array, signature: Uint8Array): boolean {
    const publicKey = publicKeys.getOrCreate(certificatePem, () => new X509Certificate(certificatePem).publicKey);
    if (!isP256(publicKey)) {
        return false;
    }
    let p1363: Uint8Array;
    try {
        p1363 = decodeDerSignature(signature);
    } catch (error) {
        if (error instanceof MalformedSignatureError) {
            return false;
        }
        throw error;
    }
    return isLowS(p1363) && cryptoVerify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, p1363);
}

/**
 * True when `privateKeyPem` is the P-256 private key of the public key in `certificatePem`: what a
 * valid signature by that key proves, decided once per pair. The embedded ledger uses it for
 * proposals that never leave the process (evaluations), where a signature would be made and checked
 * by the same code a few microseconds apart and prove nothing more than this.
 *
 * @example
 * holdsKeyOf(identity.privateKey, identity.certificate); // true
 * holdsKeyOf(other.privateKey, identity.certificate); // false
 */
export function holdsKeyOf(privateKeyPem: string, certificatePem: string): boolean {
    return keyPairs.getOrCreate(`${certificatePem}\n${privateKeyPem}`, () => {
        try {
            const privateKey = privateKeys.getOrCreate(privateKeyPem, () => createPrivateKey(privateKeyPem));
            const publicKey = publicKeys.getOrCreate(certificatePem, () => new X509Certificate(certificatePem).publicKey);
            return isP256(privateKey) && isP256(publicKey) && createPublicKey(privateKey).equals(publicKey);
        } catch {
            // Not a PEM key or certificate: the signing path reports what is wrong with it.
            return false;
        }
    });
}

function isP256(key: KeyObject): boolean {
    return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
}

function assertP256(key: KeyObject): void {
    if (!isP256(key)) {
        throw new UnsupportedKeyError(`expected an ECDSA P-256 private key, got ${key.asymmetricKeyType ?? 'unknown'} ${key.asymmetricKeyDetails?.namedCurve ?? ''}`.trimEnd());
    }
}
