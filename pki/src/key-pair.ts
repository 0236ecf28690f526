import { createPrivateKey, KeyObject } from 'node:crypto';
import { nodeWebCrypto } from './x509';

/** ECDSA P-256: what Fabric's MSPs, Fabric CA and the device fleet use. */
export const P256_KEY: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
/** ECDSA with SHA-256, for certificates and signatures. */
export const ECDSA_SHA256: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

/**
 * A new extractable P-256 key pair.
 *
 * @example
 * const { publicKey, privateKey } = await generateKeyPair();
 */
export async function generateKeyPair(): Promise<CryptoKeyPair> {
    return await nodeWebCrypto.subtle.generateKey(P256_KEY, true, ['sign', 'verify']);
}

/**
 * A WebCrypto private key as PKCS#8 PEM.
 *
 * @example
 * const pem = exportPrivateKeyPem(keys.privateKey);
 */
export function exportPrivateKeyPem(key: CryptoKey): string {
    return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }) as string;
}

/**
 * A plain PKCS#8 PEM P-256 key (or a Node KeyObject) as a WebCrypto signing key.
 *
 * @example
 * const signingKey = await importSigningKey(decryptPrivateKey(stored, passphrase));
 */
export function importSigningKey(privateKey: string | KeyObject): Promise<CryptoKey> {
    const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
    return nodeWebCrypto.subtle.importKey('pkcs8', key.export({ type: 'pkcs8', format: 'der' }), P256_KEY, true, ['sign']);
}
