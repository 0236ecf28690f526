import { X509Certificate, type webcrypto } from 'node:crypto';
import {
    type KeyProtection,
    createRootCertificate,
    exportPrivateKeyPem,
    generateKeyPair,
    importSigningKey,
    issueCertificate,
    keyPassphraseFromEnvironment,
    nodeWebCrypto,
    openOrCreateCaFiles,
    saveCaFiles,
    x509,
} from '@coldtrace/pki';
import { type DeviceIdentity, type DeviceIdentityKind, DEVICE_IDENTITY_KINDS } from './device-identity-kind';
import { InvalidCsrError } from './invalid-csr-error';

type CryptoKey = webcrypto.CryptoKey;

const CA_FILES = { certificate: 'device-ca-cert.pem', key: 'device-ca-key.pem' };
const CA_VALIDITY = { days: 3650 };
const LEAF_VALIDITY = { days: 365 };
const ORGANIZATION = 'coldtrace devices';

/** A certificate and the private key that goes with it, both PEM. */
export interface IssuedCredentials {
    certificatePem: string;
    privateKeyPem: string;
}

export interface IssueOptions {
    /** DNS names for a server certificate's subjectAltName (e.g. `localhost`). */
    dnsNames?: string[];
    /** IP addresses for a server certificate's subjectAltName (e.g. `127.0.0.1`). */
    ipAddresses?: string[];
}

/**
 * The project's device CA: the root that the broker trusts for client certificates. It signs device
 * CSRs (the device keeps its key), and issues the broker's server certificate and the backend
 * services' and the fleet's claim certificates. A certificate's subject says who holds it:
 * `O=coldtrace devices, OU=<kind>, CN=<sensorId or service name>`.
 *
 * @example
 * const ca = await DeviceCertificateAuthority.openOrCreate('data/telemetry/ca');
 * const certificatePem = await ca.signCsr(csrPem, { commonName: 'T-17', kind: 'device' });
 */
export class DeviceCertificateAuthority {
    readonly #certificate: x509.X509Certificate;
    readonly #signingKey: CryptoKey;
    readonly #privateKeyPem: string;
    readonly certificatePem: string;

    private constructor(certificatePem: string, signingKey: CryptoKey, privateKeyPem: string) {
        this.certificatePem = certificatePem;
        this.#certificate = new x509.X509Certificate(certificatePem);
        this.#signingKey = signingKey;
        this.#privateKeyPem = privateKeyPem;
    }

    /** A new self-signed root, in memory until {@link save}. */
    static async create(commonName = 'coldtrace device CA'): Promise<DeviceCertificateAuthority> {
        const keys = await generateKeyPair();
        const certificatePem = await createRootCertificate({ name: [{ O: [ORGANIZATION] }, { CN: [commonName] }], keys, validity: CA_VALIDITY });
        return new DeviceCertificateAuthority(certificatePem, keys.privateKey, exportPrivateKeyPem(keys.privateKey));
    }

    /**
     * Loads the CA kept in `dir`, or creates and saves one there. A key without its certificate (or
     * the reverse) is an InvalidCaMaterialError, never replaced: devices hold certificates it issued.
     */
    static async openOrCreate(dir: string, protection: KeyProtection = { passphrase: keyPassphraseFromEnvironment() }): Promise<DeviceCertificateAuthority> {
        const { certificatePem, privateKeyPem } = await openOrCreateCaFiles(dir, CA_FILES, async () => (await DeviceCertificateAuthority.create()).#material(), protection);
        return new DeviceCertificateAuthority(certificatePem, await importSigningKey(privateKeyPem), privateKeyPem);
    }

    /** Writes the key (0600, never over an existing one) and the certificate into the 0700 `dir`. */
    save(dir: string, protection: KeyProtection = { passphrase: keyPassphraseFromEnvironment() }): Promise<void> {
        return saveCaFiles(dir, CA_FILES, this.#material(), protection);
    }

    /**
     * Signs a device's PKCS#10 request. The subject is set by the CA, never taken from the request,
     * so a device cannot name itself another sensor. Throws {@link InvalidCsrError}.
     */
    async signCsr(csrPem: string, subject: DeviceIdentity): Promise<string> {
        let csr: x509.Pkcs10CertificateRequest;
        try {
            csr = new x509.Pkcs10CertificateRequest(csrPem);
        } catch {
            throw new InvalidCsrError('not a PEM-encoded PKCS#10 request');
        }
        if (!(await csr.verify(nodeWebCrypto).catch(() => false))) {
            throw new InvalidCsrError('its signature does not verify with its own public key');
        }
        const algorithm = csr.publicKey.algorithm as webcrypto.EcKeyAlgorithm | webcrypto.RsaHashedKeyAlgorithm;
        const acceptable =
            algorithm.name === 'ECDSA'
                ? ['P-256', 'P-384'].includes((algorithm as webcrypto.EcKeyAlgorithm).namedCurve)
                : (algorithm as webcrypto.RsaHashedKeyAlgorithm).modulusLength >= 2048;
        if (!acceptable) {
            throw new InvalidCsrError('the key must be ECDSA P-256/P-384 or RSA of 2048 bits or more');
        }
        const publicKey = await csr.publicKey.export(algorithm.name === 'ECDSA' ? algorithm : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, ['verify'], nodeWebCrypto);
        return this.#sign(publicKey, subject, {});
    }

    /** The CN a request asks for, unverified (signCsr checks the request before signing anything). */
    commonNameOfCsr(csrPem: string): string | undefined {
        try {
            return new x509.Pkcs10CertificateRequest(csrPem).subjectName.getField('CN')[0];
        } catch {
            return undefined;
        }
    }

    /** Issues a certificate with a new key pair, for the broker and backend services (never devices). */
    async issue(subject: DeviceIdentity, options: IssueOptions = {}): Promise<IssuedCredentials> {
        const keys = await generateKeyPair();
        return { certificatePem: await this.#sign(keys.publicKey, subject, options), privateKeyPem: exportPrivateKeyPem(keys.privateKey) };
    }

    /**
     * Who a client certificate of this CA names. Returns undefined for a certificate of another
     * CA, or one without the subject this CA writes.
     */
    identityOf(certificatePem: string): DeviceIdentity | undefined {
        let certificate: X509Certificate;
        try {
            certificate = new X509Certificate(certificatePem);
        } catch {
            return undefined;
        }
        if (!certificate.checkIssued(new X509Certificate(this.certificatePem)) || !certificate.verify(new X509Certificate(this.certificatePem).publicKey)) {
            return undefined;
        }
        return identityOfSubject(new x509.X509Certificate(certificatePem).subjectName.toString());
    }

    #material(): { certificatePem: string; privateKeyPem: string } {
        return { certificatePem: this.certificatePem, privateKeyPem: this.#privateKeyPem };
    }

    #sign(publicKey: CryptoKey, subject: DeviceIdentity, options: IssueOptions): Promise<string> {
        const server = (options.dnsNames?.length ?? 0) + (options.ipAddresses?.length ?? 0) > 0;
        const names = [
            ...(options.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
            ...(options.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
        ];
        return issueCertificate(
            { certificate: this.#certificate, signingKey: this.#signingKey },
            {
                subject: new x509.Name([{ O: [ORGANIZATION] }, { OU: [subject.kind] }, { CN: [subject.commonName] }]),
                publicKey,
                validity: LEAF_VALIDITY,
                keyUsages: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
                extensions: [
                    new x509.ExtendedKeyUsageExtension(server ? [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth] : [x509.ExtendedKeyUsage.clientAuth]),
                    ...(names.length > 0 ? [new x509.SubjectAlternativeNameExtension(names)] : []),
                ],
            },
        );
    }
}

/**
 * Reads `OU=<kind>, CN=<name>` out of a subject as OpenSSL or @peculiar/x509 prints it
 * (`O=…, OU=device, CN=T-1` or the multi-line `O=…\nOU=device\nCN=T-1`).
 */
export function identityOfSubject(subject: string): DeviceIdentity | undefined {
    const fields = new Map(subject.split(/,\s*|\n/).map((part) => part.split('=', 2) as [string, string]));
    const kind = fields.get('OU') as DeviceIdentityKind | undefined;
    const commonName = fields.get('CN');
    if (!kind || !commonName || !DEVICE_IDENTITY_KINDS.includes(kind)) {
        return undefined;
    }
    return { commonName, kind };
}

/**
 * A new device CA in memory (tests, benchmarks); nothing is written.
 *
 * @example
 * const ca = await createDeviceCertificateAuthority('another CA');
 */
export function createDeviceCertificateAuthority(commonName?: string): Promise<DeviceCertificateAuthority> {
    return DeviceCertificateAuthority.create(commonName);
}

/**
 * The device CA stored in `dir`, created and saved there when `dir` holds none.
 *
 * @example
 * const ca = await openOrCreateDeviceCertificateAuthority('data/telemetry/ca');
 */
export function openOrCreateDeviceCertificateAuthority(dir: string, protection?: KeyProtection): Promise<DeviceCertificateAuthority> {
    return DeviceCertificateAuthority.openOrCreate(dir, protection);
}
