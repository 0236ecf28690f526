import { KeyObject, X509Certificate, randomBytes, type webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateDirectory, narrowToOwner, writePrivateFile } from '../files/private-files';
import { type DeviceIdentity, type DeviceIdentityKind, DEVICE_IDENTITY_KINDS } from './device-identity-kind';
import { InvalidCsrError } from './invalid-csr-error';
import { nodeWebCrypto, x509 } from './x509';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const KEY_ALGORITHM: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING_ALGORITHM: webcrypto.EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
const CA_FILE = 'device-ca-cert.pem';
const KEY_FILE = 'device-ca-key.pem';
const CA_VALIDITY_DAYS = 3650;
const LEAF_VALIDITY_DAYS = 365;
// Devices' clocks drift; a certificate dated a few minutes back is accepted right after it is issued.
const BACKDATE_MS = 5 * 60 * 1000;
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
        const notBefore = backdatedNow();
        const certificate = await x509.X509CertificateGenerator.createSelfSigned({
            serialNumber: randomSerial(),
            name: new x509.Name([{ O: [ORGANIZATION] }, { CN: [commonName] }]),
            keys,
            notBefore,
            notAfter: addDays(notBefore, CA_VALIDITY_DAYS),
            signingAlgorithm: SIGNING_ALGORITHM,
            extensions: [
                new x509.BasicConstraintsExtension(true, 0, true),
                new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
                await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, nodeWebCrypto),
            ],
        });
        return new DeviceCertificateAuthority(toPem(certificate), keys.privateKey, exportKey(keys.privateKey));
    }

    /** Loads the CA kept in `dir`, or creates and saves one there. */
    static async openOrCreate(dir: string): Promise<DeviceCertificateAuthority> {
        if (existsSync(join(dir, CA_FILE))) {
            // Keys written before they were kept private are narrowed on the next start.
            ensurePrivateDirectory(dir);
            narrowToOwner(join(dir, KEY_FILE));
            const [certificatePem, privateKeyPem] = await Promise.all([readFile(join(dir, CA_FILE), 'utf8'), readFile(join(dir, KEY_FILE), 'utf8')]);
            return new DeviceCertificateAuthority(certificatePem, await importKey(privateKeyPem), privateKeyPem);
        }
        const ca = await DeviceCertificateAuthority.create();
        await ca.save(dir);
        return ca;
    }

    /** Writes the certificate and the key (0600, in a 0700 directory) atomically into `dir`. */
    async save(dir: string): Promise<void> {
        ensurePrivateDirectory(dir);
        writePrivateFile(join(dir, KEY_FILE), this.#privateKeyPem);
        await writePublicFile(join(dir, CA_FILE), this.certificatePem);
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
        const acceptable = algorithm.name === 'ECDSA' ? ['P-256', 'P-384'].includes((algorithm as webcrypto.EcKeyAlgorithm).namedCurve) : (algorithm as webcrypto.RsaHashedKeyAlgorithm).modulusLength >= 2048;
        if (!acceptable) {
            throw new InvalidCsrError('the key must be ECDSA P-256/P-384 or RSA of 2048 bits or more');
        }
        const publicKey = await csr.publicKey.export(algorithm.name === 'ECDSA' ? algorithm : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, ['verify'], nodeWebCrypto);
        return this.sign(publicKey, subject, {});
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
        return { certificatePem: await this.sign(keys.publicKey, subject, options), privateKeyPem: exportKey(keys.privateKey) };
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

    private async sign(publicKey: CryptoKey, subject: DeviceIdentity, options: IssueOptions): Promise<string> {
        const server = (options.dnsNames?.length ?? 0) + (options.ipAddresses?.length ?? 0) > 0;
        const notBefore = new Date(Math.max(backdatedNow().getTime(), this.#certificate.notBefore.getTime()));
        const names = [...(options.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })), ...(options.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value }))];
        const certificate = await x509.X509CertificateGenerator.create({
            serialNumber: randomSerial(),
            subject: new x509.Name([{ O: [ORGANIZATION] }, { OU: [subject.kind] }, { CN: [subject.commonName] }]),
            issuer: this.#certificate.subjectName,
            notBefore,
            notAfter: addDays(notBefore, LEAF_VALIDITY_DAYS),
            publicKey,
            signingKey: this.#signingKey,
            signingAlgorithm: SIGNING_ALGORITHM,
            extensions: [
                new x509.BasicConstraintsExtension(false, undefined, true),
                new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
                new x509.ExtendedKeyUsageExtension(server ? [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth] : [x509.ExtendedKeyUsage.clientAuth]),
                await x509.SubjectKeyIdentifierExtension.create(publicKey, false, nodeWebCrypto),
                await x509.AuthorityKeyIdentifierExtension.create(this.#certificate.publicKey, false, nodeWebCrypto),
                ...(names.length > 0 ? [new x509.SubjectAlternativeNameExtension(names)] : []),
            ],
        });
        return toPem(certificate);
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

async function generateKeyPair(): Promise<CryptoKeyPair> {
    return (await nodeWebCrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function importKey(privateKeyPem: string): Promise<CryptoKey> {
    const der = Buffer.from(privateKeyPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    return nodeWebCrypto.subtle.importKey('pkcs8', der, KEY_ALGORITHM, true, ['sign']);
}

function exportKey(key: CryptoKey): string {
    return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }) as string;
}

function toPem(certificate: x509.X509Certificate): string {
    return `${certificate.toString('pem')}\n`;
}

function randomSerial(): string {
    // A positive DER integer: the first byte below 0x80.
    const bytes = randomBytes(16);
    bytes[0] &= 0x7f;
    return bytes.toString('hex');
}

function backdatedNow(): Date {
    return new Date(Math.floor((Date.now() - BACKDATE_MS) / 1000) * 1000);
}

function addDays(date: Date, days: number): Date {
    return new Date(date.getTime() + days * 86_400_000);
}

/** A certificate, for anyone to read, through a temporary file and a rename so a crash never leaves half of it. */
async function writePublicFile(path: string, data: string): Promise<void> {
    await rm(`${path}.tmp`, { force: true });
    await writeFile(`${path}.tmp`, data, { mode: 0o644 });
    await rename(`${path}.tmp`, path);
}
