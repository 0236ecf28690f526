import { X509Certificate } from 'node:crypto';
import {
    type CaMaterial,
    type KeyProtection,
    InvalidCaMaterialError,
    checkIssuedBy,
    crlToPem,
    issueRevocationList,
    normalizeSerial,
    createRootCertificate,
    exportPrivateKeyPem,
    generateKeyPair,
    importSigningKey,
    issueCertificate,
    keyPassphraseFromEnvironment,
    assertCaMaterial,
    openOrCreateCaFiles,
    readCaFiles,
    saveCaFiles,
    nodeWebCrypto,
    x509,
} from '@coldtrace/pki';
import type { Identity, IdentityInfo } from './identity';
import { assertValidMspId } from './invalid-msp-id-error';
import { lowSWebCrypto } from './low-s-web-crypto';
import { UntrustedIdentityError } from './untrusted-identity-error';
import { BoundedCache } from '../util/bounded-cache';

/** The extension in which Fabric CA stores enrollment attributes, read by fabric-shim's ClientIdentity. */
export const FABRIC_ATTRIBUTES_OID = '1.2.3.4.5.6.7.8.1';

/** Node OU of an enrolled identity, as Fabric's NodeOUs classify them. */
export type IdentityType = 'client' | 'peer' | 'admin';

export interface EnrollOptions {
    /** Extra Fabric CA attributes, e.g. `{ 'coldtrace.role': 'detector' }`. */
    attributes?: Record<string, string>;
    /** Defaults to `'client'`. */
    type?: IdentityType;
}

const CA_FILES = { certificate: 'ca-cert.pem', key: 'ca-key.pem' };
const CA_VALIDITY = { years: 10 };
const ENROLLMENT_VALIDITY = { years: 1 };

const signingCrypto = lowSWebCrypto(nodeWebCrypto);

/**
 * The certificate authority of one organization (MSP), issuing enrollment certificates shaped
 * like Fabric CA's: ECDSA P-256 / SHA-256, subject `O=<mspId>, OU=<type>, CN=<userId>` and the
 * attributes in the `1.2.3.4.5.6.7.8.1` extension, so fabric-shim's ClientIdentity reads them
 * exactly as on a real network.
 *
 * @example
 * const ca = await CertificateAuthority.openOrCreate('/data/msp/CarrierMSP', 'CarrierMSP');
 * const detector = await ca.enroll('sensor-7', { attributes: { 'coldtrace.role': 'detector' } });
 * ca.verify(detector.certificate).attributes['coldtrace.role']; // 'detector'
 */
export class CertificateAuthority {
    readonly #mspId: string;
    readonly #certificate: x509.X509Certificate;
    readonly #certificatePem: string;
    readonly #trustAnchor: X509Certificate;
    readonly #signingKey: CryptoKey;
    readonly #privateKeyPem: string;
    readonly #verified = new BoundedCache<string, { info: IdentityInfo; notBefore: Date; notAfter: Date; serial: string }>(1024);
    #revocationList?: x509.X509Crl;
    readonly #revoked = new Set<string>();

    private constructor(mspId: string, certificatePem: string, signingKey: CryptoKey, privateKeyPem: string) {
        this.#mspId = mspId;
        this.#certificatePem = certificatePem;
        this.#certificate = new x509.X509Certificate(certificatePem);
        this.#trustAnchor = new X509Certificate(certificatePem);
        this.#signingKey = signingKey;
        this.#privateKeyPem = privateKeyPem;
    }

    /**
     * Creates a new self-signed root CA valid for 10 years; nothing is written until {@link save}.
     *
     * @example
     * const ca = await CertificateAuthority.create('ManufacturerMSP'); // CN=ca.manufacturer.coldtrace.local
     */
    static async create(mspId: string, commonName: string = defaultCommonName(mspId)): Promise<CertificateAuthority> {
        assertValidMspId(mspId);
        const keys = await generateKeyPair();
        const certificatePem = await createRootCertificate({ name: [{ O: [mspId] }, { CN: [commonName] }], keys, validity: CA_VALIDITY, crypto: signingCrypto });
        return new CertificateAuthority(mspId, certificatePem, keys.privateKey, exportPrivateKeyPem(keys.privateKey));
    }

    /**
     * Loads a CA saved by {@link save}. Throws {@link InvalidCaMaterialError} when a file is missing
     * or unreadable, the key does not match the certificate, or the certificate is not a CA for `mspId`.
     *
     * @example
     * const ca = await CertificateAuthority.load('/data/msp/CarrierMSP', 'CarrierMSP');
     */
    static async load(dir: string, mspId: string, protection: KeyProtection = defaultProtection()): Promise<CertificateAuthority> {
        assertValidMspId(mspId);
        return CertificateAuthority.#ofMaterial(mspId, await readCaFiles(dir, CA_FILES, protection), dir);
    }

    /**
     * Uses an existing CA certificate and key, such as the signing CA that cryptogen or Fabric CA
     * made for an organization of a real network, to issue that organization's identities.
     *
     * @example
     * const ca = await CertificateAuthority.fromPem('RetailerMSP', caCertPem, caKeyPem, 'crypto-config/retailer/ca');
     */
    static async fromPem(mspId: string, certificatePem: string, privateKeyPem: string, source = 'CA material'): Promise<CertificateAuthority> {
        assertValidMspId(mspId);
        assertCaMaterial({ certificatePem, privateKeyPem }, source);
        return new CertificateAuthority(mspId, certificatePem, await importSigningKey(privateKeyPem), privateKeyPem);
    }

    static async #ofMaterial(mspId: string, material: CaMaterial, dir: string): Promise<CertificateAuthority> {
        const organizations = parseOrganizations(dir, material.certificatePem);
        if (!organizations.includes(mspId)) {
            throw new InvalidCaMaterialError(dir, `${CA_FILES.certificate} belongs to O=${organizations.join('+') || '(none)'}, not ${mspId}`);
        }
        return CertificateAuthority.fromPem(mspId, material.certificatePem, material.privateKeyPem, dir);
    }

    /**
     * Loads the CA stored in `dir`, or creates and saves a new one when `dir` holds none. Refuses
     * (with {@link InvalidCaMaterialError}) to replace a half-present CA, whose certificates may
     * already be in use.
     *
     * @example
     * const ca = await CertificateAuthority.openOrCreate('/data/msp/RetailerMSP', 'RetailerMSP');
     */
    static async openOrCreate(dir: string, mspId: string, protection: KeyProtection = defaultProtection()): Promise<CertificateAuthority> {
        assertValidMspId(mspId);
        let created: CertificateAuthority | undefined;
        const material = await openOrCreateCaFiles(
            dir,
            CA_FILES,
            async () => {
                created = await CertificateAuthority.create(mspId);
                return { certificatePem: created.certificatePem, privateKeyPem: created.#privateKeyPem };
            },
            protection,
        );
        // Another process may have created the CA first: then its CA is the one on disk.
        return created?.certificatePem === material.certificatePem ? created : CertificateAuthority.#ofMaterial(mspId, material, dir);
    }

    /** The MSP ID this CA issues identities for. */
    get mspId(): string {
        return this.#mspId;
    }

    /** The CA's self-signed root certificate, PEM: what a channel's MSP definition lists as root CA. */
    get certificatePem(): string {
        return this.#certificatePem;
    }

    /**
     * Writes `ca-cert.pem` and `ca-key.pem` (mode 0600, encrypted when a passphrase is configured)
     * into `dir`, creating it with mode 0700. Never replaces an existing key (a KeyExistsError),
     * and a crash never leaves a truncated one.
     *
     * @example
     * await ca.save('/data/msp/CarrierMSP');
     */
    save(dir: string, protection: KeyProtection = defaultProtection()): Promise<void> {
        return saveCaFiles(dir, CA_FILES, { certificatePem: this.#certificatePem, privateKeyPem: this.#privateKeyPem }, protection);
    }

    /**
     * Enrolls `userId`: a new P-256 key pair and a one-year certificate carrying the Fabric CA
     * attributes `hf.EnrollmentID`, `hf.Type` and `hf.Affiliation` besides the requested ones
     * (which cannot override those three).
     *
     * @example
     * const admin = await ca.enroll('admin', { type: 'admin' });
     */
    async enroll(userId: string, options: EnrollOptions = {}): Promise<Identity> {
        const keys = await generateKeyPair();
        return { mspId: this.#mspId, certificate: await this.certify(userId, keys.publicKey, options), privateKey: exportPrivateKeyPem(keys.privateKey) };
    }

    /**
     * Enrolls `userId` for a key pair held elsewhere (e.g. generated inside an HSM): the same
     * certificate as {@link enroll}, for `publicKey`.
     *
     * @example
     * const certificatePem = await ca.certify('alice', hsmKey.publicKey);
     */
    async certify(userId: string, publicKey: CryptoKey, options: EnrollOptions = {}): Promise<string> {
        if (userId.length === 0) {
            throw new RangeError('userId must not be empty');
        }
        const type = options.type ?? 'client';
        const attrs = sortKeys({ ...options.attributes, 'hf.EnrollmentID': userId, 'hf.Type': type, 'hf.Affiliation': '' });
        return issueCertificate(
            { certificate: this.#certificate, signingKey: this.#signingKey, crypto: signingCrypto },
            {
                // ASN.1 order O, OU, CN as Fabric CA writes it, so fabric-shim's getID() reads x509::/O=…/OU=…/CN=…::…
                subject: new x509.Name([{ O: [this.#mspId] }, { OU: [type] }, { CN: [userId] }]),
                publicKey,
                validity: ENROLLMENT_VALIDITY,
                keyUsages: x509.KeyUsageFlags.digitalSignature,
                // Fabric CA puts the raw JSON in extnValue (no inner DER wrapping); fabric-shim relies on that.
                extensions: [new x509.Extension(FABRIC_ATTRIBUTES_OID, false, Buffer.from(JSON.stringify({ attrs }), 'utf8'))],
            },
        );
    }

    /**
     * Checks that `certificatePem` is an end-entity certificate issued and signed by this CA and
     * valid now, and returns who it names. Throws {@link UntrustedIdentityError} otherwise.
     *
     * @example
     * const { userId, attributes } = ca.verify(creatorPem);
     */
    verify(certificatePem: string): IdentityInfo {
        // Chain and signature checks are pure functions of the PEM; only the validity window moves.
        const checked = this.#verified.getOrCreate(certificatePem, () => this.#verifyChain(certificatePem));
        const now = new Date();
        if (now < checked.notBefore) {
            throw this.#untrusted(`certificate is not valid before ${checked.notBefore.toISOString()}`);
        }
        if (now > checked.notAfter) {
            throw this.#untrusted(`certificate expired at ${checked.notAfter.toISOString()}`);
        }
        if (this.#revoked.has(checked.serial)) {
            throw this.#untrusted(`certificate ${checked.serial} of ${checked.info.userId} has been revoked (the CRL of ${this.#mspId})`);
        }
        return checked.info;
    }

    /** The CA's CRL, PEM, as the channel's MSP holds it; undefined until something is revoked. */
    get revocationListPem(): string | undefined {
        return this.#revocationList && crlToPem(this.#revocationList);
    }

    /**
     * Revokes a certificate this CA issued: a new CRL, signed by the CA, lists it with every one
     * revoked before, and {@link verify} refuses it from then on. Returns the CRL, PEM.
     *
     * @example
     * const crlPem = await ca.revoke(alice.certificate);
     */
    async revoke(certificatePem: string): Promise<string> {
        const serial = this.#verifyChain(certificatePem).serial;
        if (!this.#revoked.has(serial)) {
            const now = new Date();
            const entries = [
                ...(this.#revocationList?.entries ?? []).map(({ serialNumber, revocationDate }) => ({ serialNumber, revocationDate })),
                { serialNumber: serial, revocationDate: new Date(Math.floor(now.getTime() / 1000) * 1000) },
            ];
            this.#useRevocationList(await issueRevocationList({ certificate: this.#certificate, signingKey: this.#signingKey, crypto: signingCrypto }, entries, CA_VALIDITY, now));
        }
        return this.revocationListPem!;
    }

    /**
     * Takes a CRL (PEM) as the list of revoked certificates, once it is shown to be signed by this
     * CA; throws {@link InvalidCaMaterialError} otherwise.
     *
     * @example
     * await ca.setRevocationList(readFileSync('msp/RetailerMSP/crl.pem', 'utf8'));
     */
    async setRevocationList(crlPem: string, source = 'CRL'): Promise<void> {
        let crl: x509.X509Crl;
        try {
            crl = new x509.X509Crl(crlPem);
        } catch (error) {
            throw new InvalidCaMaterialError(source, `not a PEM-encoded CRL: ${(error as Error).message}`);
        }
        if (!(await crl.verify({ publicKey: this.#certificate.publicKey }, nodeWebCrypto))) {
            throw new InvalidCaMaterialError(source, `the CRL is not signed by ${this.#mspId}'s CA`);
        }
        this.#useRevocationList(crl);
    }

    #useRevocationList(crl: x509.X509Crl): void {
        this.#revocationList = crl;
        this.#revoked.clear();
        for (const entry of crl.entries) {
            this.#revoked.add(normalizeSerial(entry.serialNumber));
        }
    }

    #verifyChain(certificatePem: string): { info: IdentityInfo; notBefore: Date; notAfter: Date; serial: string } {
        const check = checkIssuedBy(certificatePem, this.#trustAnchor);
        if (!check.ok) {
            throw this.#untrusted(check.reason);
        }
        const parsed = new x509.X509Certificate(check.certificate.raw);
        const userId = parsed.subjectName.getField('CN')[0];
        if (userId === undefined) {
            throw this.#untrusted('certificate subject has no CN');
        }
        return {
            info: { mspId: this.#mspId, userId, attributes: this.#readAttributes(parsed) },
            notBefore: parsed.notBefore,
            notAfter: parsed.notAfter,
            serial: normalizeSerial(parsed.serialNumber),
        };
    }

    #readAttributes(certificate: x509.X509Certificate): Record<string, string> {
        const extension = certificate.getExtension(FABRIC_ATTRIBUTES_OID);
        if (!extension) {
            return {};
        }
        let attrs: unknown;
        try {
            attrs = (JSON.parse(Buffer.from(extension.value).toString('utf8')) as { attrs?: unknown }).attrs;
        } catch {
            throw this.#untrusted(`the ${FABRIC_ATTRIBUTES_OID} attribute extension is not JSON`);
        }
        if (attrs === undefined) {
            return {};
        }
        if (attrs === null || typeof attrs !== 'object' || Array.isArray(attrs) || Object.values(attrs).some((value) => typeof value !== 'string')) {
            throw this.#untrusted(`the ${FABRIC_ATTRIBUTES_OID} attribute extension is not {"attrs":{name:string}}`);
        }
        return { ...(attrs as Record<string, string>) };
    }

    #untrusted(reason: string): UntrustedIdentityError {
        return new UntrustedIdentityError(this.#mspId, reason);
    }
}

/** `ManufacturerMSP` → `ca.manufacturer.coldtrace.local`. */
function defaultCommonName(mspId: string): string {
    return `ca.${mspId.replace(/MSP$/i, '').toLowerCase() || mspId.toLowerCase()}.coldtrace.local`;
}

/** Sorted like Go's encoding/json marshals a map, so the extension bytes match Fabric CA's. */
function sortKeys(record: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Keys encrypted at rest when COLDTRACE_KEY_PASSPHRASE is set. */
function defaultProtection(): KeyProtection {
    return { passphrase: keyPassphraseFromEnvironment() };
}

function parseOrganizations(dir: string, certificatePem: string): string[] {
    try {
        return new x509.X509Certificate(certificatePem).subjectName.getField('O');
    } catch (error) {
        throw new InvalidCaMaterialError(dir, `cannot parse the certificate or key: ${(error as Error).message}`);
    }
}

/**
 * A new self-signed root CA for `mspId`, in memory until saved.
 *
 * @example
 * const ca = await createCertificateAuthority('ManufacturerMSP');
 */
export function createCertificateAuthority(mspId: string, commonName?: string): Promise<CertificateAuthority> {
    return CertificateAuthority.create(mspId, commonName);
}

/**
 * The CA stored in `dir`, created and saved there when `dir` holds none.
 *
 * @example
 * const ca = await openOrCreateCertificateAuthority('/data/msp/RetailerMSP', 'RetailerMSP');
 */
export function openOrCreateCertificateAuthority(dir: string, mspId: string, protection?: KeyProtection): Promise<CertificateAuthority> {
    return CertificateAuthority.openOrCreate(dir, mspId, protection);
}

/**
 * A CA over an existing certificate and key (cryptogen's or Fabric CA's signing CA of a real network).
 *
 * @example
 * const ca = await certificateAuthorityFromPem('RetailerMSP', caCertPem, caKeyPem, 'crypto-config/retailer/ca');
 */
export function certificateAuthorityFromPem(mspId: string, certificatePem: string, privateKeyPem: string, source?: string): Promise<CertificateAuthority> {
    return CertificateAuthority.fromPem(mspId, certificatePem, privateKeyPem, source);
}
