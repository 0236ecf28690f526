// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect polyfill first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { KeyObject, webcrypto } from 'node:crypto';

const crypto = webcrypto as unknown as ReturnType<typeof x509.cryptoProvider.get>;
x509.cryptoProvider.set(crypto);

/** A device's own key pair and the PKCS#10 request the device CA signs; the key never leaves the device. */
export interface DeviceKey {
    privateKeyPem: string;
    csrPem: string;
}

/**
 * Makes a new ECDSA P-256 key and a certificate signing request for `sensorId`.
 *
 * @example
 * const { privateKeyPem, csrPem } = await createDeviceKey('T-1');
 * // POST /api/v1/sensors/T-1/certificate {csrPem} → {certificatePem, caPem}
 */
export async function createDeviceKey(sensorId: string): Promise<DeviceKey> {
    const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = (await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: new x509.Name([{ CN: [sensorId] }]), keys, signingAlgorithm: algorithm }, crypto);
    return {
        privateKeyPem: KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }) as string,
        csrPem: csr.toString('pem'),
    };
}

/** Whether a certificate certifies the public key of a CSR. */
export function holdsKeyOf(certificatePem: string, csrPem: string): boolean {
    try {
        const certified = Buffer.from(new x509.X509Certificate(certificatePem).publicKey.rawData);
        return certified.equals(Buffer.from(new x509.Pkcs10CertificateRequest(csrPem).publicKey.rawData));
    } catch {
        return false;
    }
}
