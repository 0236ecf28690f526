import { X509Certificate, createPrivateKey, createPublicKey, KeyObject, randomBytes } from 'node:crypto';
import { access, chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Identity, IdentityInfo } from './identity';
import { InvalidCaMaterialError } from './invalid-ca-material-error';
import { assertValidMspId } from './invalid-msp-id-error';
import { lowSWebCrypto } from './low-s-web-crypto';
import { nodeWebCrypto, x509 } from './peculiar-x509';
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

const CERTIFICATE_FILE = 'ca-cert.pem';
const KEY_FILE = 'ca-key.pem';
const KEY_ALGORITHM: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING_ALGORITHM: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
const CA_VALIDITY_YEARS = 10;
const ENROLLMENT_VALIDITY_YEARS = 1;
// Fabric CA (through cfssl) backdates NotBefore so a peer whose clock is slightly behind still
// accepts a certificate issued a moment ago.
const BACKDATE_MS = 5 * 60 * 1000;
const SERIAL_BYTES = 16;

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
        const notBefore = backdatedNow();
        const certificate = await x509.X509CertificateGenerator.createSelfSigned(
            {
                serialNumber: randomSerialNumber(),
                name: new x509.Name([{ O: [mspId] }, { CN: [commonName] }]),
                keys,
                notBefore,
                notAfter: addYears(notBefore, CA_VALIDITY_YEARS),
                signingAlgorithm: SIGNING_ALGORITHM,
                extensions: [
                    // pathLength 0: this CA only ever signs end-entity certificates.
                    new x509.BasicConstraintsExtension(true, 0, true),
                    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
                    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, nodeWebCrypto),
                ],
            },
            signingCrypto,
        );
        return new CertificateAuthority(mspId, toPem(certificate), keys.privateKey, exportPrivateKeyPem(keys.privateKey));
    }

    /**
     * Loads a CA saved by {@link save}. Throws {@link InvalidCaMaterialError} when a file is missing
     * or unreadable, the key does not match the certificate, or the certificate is not a CA for `mspId`.
     *
     * @example
     * const ca = await CertificateAuthority.load('/data/msp/CarrierMSP', 'CarrierMSP');
     */
    static async load(dir: string, mspId: string): Promise<CertificateAuthority> {
        assertValidMspId(mspId);
        const [certificatePem, privateKeyPem] = await Promise.all([readMaterial(dir, CERTIFICATE_FILE), readMaterial(dir, KEY_FILE)]);
        const organizations = parseOrganizations(dir, certificatePem);
        if (!organizations.includes(mspId)) {
            throw new InvalidCaMaterialError(dir, `${CERTIFICATE_FILE} belongs to O=${organizations.join('+') || '(none)'}, not ${mspId}`);
        }
        return CertificateAuthority.fromPem(mspId, certificatePem, privateKeyPem, dir);
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
        let certificate: X509Certificate;
        let privateKey: KeyObject;
        try {
            certificate = new X509Certificate(certificatePem);
            privateKey = createPrivateKey(privateKeyPem);
        } catch (error) {
            throw new InvalidCaMaterialError(source, `cannot parse the certificate or key: ${(error as Error).message}`);
        }
        if (!certificate.ca) {
            throw new InvalidCaMaterialError(source, 'the certificate is not a CA certificate');
        }
        const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'der' });
        if (!spki(createPublicKey(privateKey)).equals(spki(certificate.publicKey))) {
            throw new InvalidCaMaterialError(source, 'the key is not the key of the CA certificate');
        }
        const signingKey = await nodeWebCrypto.subtle.importKey('pkcs8', privateKey.export({ type: 'pkcs8', format: 'der' }), KEY_ALGORITHM, true, ['sign']);
        return new CertificateAuthority(mspId, certificatePem, signingKey, privateKeyPem);
    }

    /**
     * Loads the CA stored in `dir`, or creates and saves a new one when `dir` holds none. Refuses
     * (with {@link InvalidCaMaterialError}) to replace a half-present CA, whose certificates may
     * already be in use.
     *
     * @example
     * const ca = await CertificateAuthority.openOrCreate('/data/msp/RetailerMSP', 'RetailerMSP');
     */
    static async openOrCreate(dir: string, mspId: string): Promise<CertificateAuthority> {
        const [hasCertificate, hasKey] = await Promise.all([exists(join(dir, CERTIFICATE_FILE)), exists(join(dir, KEY_FILE))]);
        if (hasCertificate && hasKey) {
            return CertificateAuthority.load(dir, mspId);
        }
        if (hasCertificate || hasKey) {
            const [present, missing] = hasCertificate ? [CERTIFICATE_FILE, KEY_FILE] : [KEY_FILE, CERTIFICATE_FILE];
            throw new InvalidCaMaterialError(dir, `${present} exists without ${missing}; refusing to replace part of a CA`);
        }
        const ca = await CertificateAuthority.create(mspId);
        await ca.save(dir);
        return ca;
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
     * Writes `ca-cert.pem` and `ca-key.pem` (mode 0600) into `dir`, creating it with mode 0700.
     * Each file is written to a temporary name and renamed, so a crash never leaves a truncated key.
     *
     * @example
     * await ca.save('/data/msp/CarrierMSP');
     */
    async save(dir: string): Promise<void> {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await writeFileAtomically(join(dir, KEY_FILE), this.#privateKeyPem, 0o600);
        await writeFileAtomically(join(dir, CERTIFICATE_FILE), this.#certificatePem, 0o644);
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
        if (userId.length === 0) {
            throw new RangeError('userId must not be empty');
        }
        const type = options.type ?? 'client';
        const keys = await generateKeyPair();
        const attrs = sortKeys({ ...options.attributes, 'hf.EnrollmentID': userId, 'hf.Type': type, 'hf.Affiliation': '' });
        // Never before the CA itself: Fabric checks the chain at the leaf's notBefore, and a CA made
        // moments ago (cryptogen backdates by less than we do) would not be valid yet then.
        const notBefore = new Date(Math.max(backdatedNow().getTime(), this.#certificate.notBefore.getTime()));
        const certificate = await x509.X509CertificateGenerator.create(
            {
                serialNumber: randomSerialNumber(),
                // ASN.1 order O, OU, CN as Fabric CA writes it, so fabric-shim's getID() reads x509::/O=…/OU=…/CN=…::…
                subject: new x509.Name([{ O: [this.#mspId] }, { OU: [type] }, { CN: [userId] }]),
                // The CA's own encoded name, byte for byte, so issuer/subject matching cannot drift.
                issuer: this.#certificate.subjectName,
                notBefore,
                notAfter: addYears(notBefore, ENROLLMENT_VALIDITY_YEARS),
                publicKey: keys.publicKey,
                signingKey: this.#signingKey,
                signingAlgorithm: SIGNING_ALGORITHM,
                extensions: [
                    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
                    new x509.BasicConstraintsExtension(false, undefined, true),
                    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, nodeWebCrypto),
                    await this.authorityKeyIdentifier(),
                    // Fabric CA puts the raw JSON in extnValue (no inner DER wrapping); fabric-shim relies on that.
                    new x509.Extension(FABRIC_ATTRIBUTES_OID, false, Buffer.from(JSON.stringify({ attrs }), 'utf8')),
                ],
            },
            signingCrypto,
        );
        return { mspId: this.#mspId, certificate: toPem(certificate), privateKey: exportPrivateKeyPem(keys.privateKey) };
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
        const checked = this.#verified.getOrCreate(certificatePem, () => this.verifyChain(certificatePem));
        const now = new Date();
        if (now < checked.notBefore) {
            throw this.untrusted(`certificate is not valid before ${checked.notBefore.toISOString()}`);
        }
        if (now > checked.notAfter) {
            throw this.untrusted(`certificate expired at ${checked.notAfter.toISOString()}`);
        }
        if (this.#revoked.has(checked.serial)) {
            throw this.untrusted(`certificate ${checked.serial} of ${checked.info.userId} has been revoked (the CRL of ${this.#mspId})`);
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
        const serial = this.verifyChain(certificatePem).serial;
        if (!this.#revoked.has(serial)) {
            // A reason per entry, as Fabric CA writes it (an entry with an empty extension list is malformed DER to OpenSSL).
            const reason = x509.X509CrlReason.cessationOfOperation;
            const entries = [...(this.#revocationList?.entries ?? []).map((entry) => ({ serialNumber: entry.serialNumber, revocationDate: entry.revocationDate, reason })), { serialNumber: serial, revocationDate: new Date(Math.floor(Date.now() / 1000) * 1000), reason }];
            const thisUpdate = new Date(Math.floor(Date.now() / 1000) * 1000);
            const crl = await x509.X509CrlGenerator.create(
                {
                    issuer: this.#certificate.subjectName,
                    thisUpdate,
                    // Present as Fabric CA's are (and without it @peculiar/x509 cannot read the entries back).
                    nextUpdate: addYears(thisUpdate, CA_VALIDITY_YEARS),
                    entries,
                    signingKey: this.#signingKey,
                    signingAlgorithm: SIGNING_ALGORITHM,
                    extensions: [await this.authorityKeyIdentifier()],
                },
                signingCrypto,
            );
            // Re-read from its bytes, so entries and serials are what any verifier will parse.
            this.useRevocationList(new x509.X509Crl(crl.rawData));
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
        this.useRevocationList(crl);
    }

    private useRevocationList(crl: x509.X509Crl): void {
        this.#revocationList = crl;
        this.#revoked.clear();
        for (const entry of crl.entries) {
            this.#revoked.add(normalizeSerial(entry.serialNumber));
        }
    }

    private verifyChain(certificatePem: string): { info: IdentityInfo; notBefore: Date; notAfter: Date; serial: string } {
        let certificate: X509Certificate;
        let parsed: x509.X509Certificate;
        try {
            certificate = new X509Certificate(certificatePem);
            parsed = new x509.X509Certificate(certificate.raw);
        } catch {
            throw this.untrusted('not a PEM-encoded X.509 certificate');
        }
        const ca = this.#certificate.subject;
        // Fabric's MSP refuses CA certificates as identities; without this the root would pass checkIssued.
        if (certificate.ca) {
            throw this.untrusted(`${certificate.subject.replace(/\n/g, ', ')} is a CA certificate, not an identity`);
        }
        if (!certificate.checkIssued(this.#trustAnchor)) {
            throw this.untrusted(`certificate was not issued by ${ca}`);
        }
        if (!certificate.verify(this.#trustAnchor.publicKey)) {
            throw this.untrusted(`certificate signature does not verify against ${ca}`);
        }
        const userId = parsed.subjectName.getField('CN')[0];
        if (userId === undefined) {
            throw this.untrusted('certificate subject has no CN');
        }
        return { info: { mspId: this.#mspId, userId, attributes: this.readAttributes(parsed) }, notBefore: parsed.notBefore, notAfter: parsed.notAfter, serial: normalizeSerial(parsed.serialNumber) };
    }

    private async authorityKeyIdentifier(): Promise<x509.AuthorityKeyIdentifierExtension> {
        // Reuse the CA's own SKI when it has one: OpenSSL's checkIssued compares the two verbatim.
        const keyId = this.#certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
        return keyId === undefined
            ? x509.AuthorityKeyIdentifierExtension.create(this.#certificate.publicKey, false, nodeWebCrypto)
            : new x509.AuthorityKeyIdentifierExtension(keyId, false);
    }

    private readAttributes(certificate: x509.X509Certificate): Record<string, string> {
        const extension = certificate.getExtension(FABRIC_ATTRIBUTES_OID);
        if (!extension) {
            return {};
        }
        let attrs: unknown;
        try {
            attrs = (JSON.parse(Buffer.from(extension.value).toString('utf8')) as { attrs?: unknown }).attrs;
        } catch {
            throw this.untrusted(`the ${FABRIC_ATTRIBUTES_OID} attribute extension is not JSON`);
        }
        if (attrs === undefined) {
            return {};
        }
        if (attrs === null || typeof attrs !== 'object' || Array.isArray(attrs) || Object.values(attrs).some((value) => typeof value !== 'string')) {
            throw this.untrusted(`the ${FABRIC_ATTRIBUTES_OID} attribute extension is not {"attrs":{name:string}}`);
        }
        return { ...(attrs as Record<string, string>) };
    }

    private untrusted(reason: string): UntrustedIdentityError {
        return new UntrustedIdentityError(this.#mspId, reason);
    }
}

/** `ManufacturerMSP` → `ca.manufacturer.coldtrace.local`. */
function defaultCommonName(mspId: string): string {
    return `ca.${mspId.replace(/MSP$/i, '').toLowerCase() || mspId.toLowerCase()}.coldtrace.local`;
}

/** PEM with the label Fabric's MSP and OpenSSL read (X509 CRL). */
function crlToPem(crl: x509.X509Crl): string {
    const body = Buffer.from(crl.rawData).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
    return `-----BEGIN X509 CRL-----\n${body}\n-----END X509 CRL-----\n`;
}

/** Lower-case hex without leading zeros, so a certificate's and a CRL entry's serial compare equal. */
function normalizeSerial(hex: string): string {
    return hex.toLowerCase().replace(/^0+(?=.)/, '');
}

async function generateKeyPair(): Promise<CryptoKeyPair> {
    return (await nodeWebCrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
}

function exportPrivateKeyPem(key: CryptoKey): string {
    return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }) as string;
}

function toPem(certificate: x509.X509Certificate): string {
    return `${certificate.toString('pem')}\n`;
}

function randomSerialNumber(): string {
    return randomBytes(SERIAL_BYTES).toString('hex');
}

/** Now, minus the backdate, at whole seconds because X.509 times have no fractions. */
function backdatedNow(): Date {
    return new Date(Math.floor((Date.now() - BACKDATE_MS) / 1000) * 1000);
}

function addYears(date: Date, years: number): Date {
    const result = new Date(date);
    result.setUTCFullYear(result.getUTCFullYear() + years);
    return result;
}

/** Sorted like Go's encoding/json marshals a map, so the extension bytes match Fabric CA's. */
function sortKeys(record: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

async function readMaterial(dir: string, file: string): Promise<string> {
    try {
        return await readFile(join(dir, file), 'utf8');
    } catch (error) {
        throw new InvalidCaMaterialError(dir, `cannot read ${file}: ${(error as Error).message}`);
    }
}

async function exists(path: string): Promise<boolean> {
    try {
        await access(path);
        return true;
    } catch (error) {
        // Only a missing file counts as absent: an unreadable one must not be replaced by a new CA.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            return false;
        }
        throw error;
    }
}

async function writeFileAtomically(path: string, data: string, mode: number): Promise<void> {
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
        await writeFile(temporary, data, { mode, flag: 'wx' });
        // writeFile's mode is filtered through the umask; chmod makes it exact.
        await chmod(temporary, mode);
        await rename(temporary, path);
    } catch (error) {
        await rm(temporary, { force: true });
        throw error;
    }
}

function parseOrganizations(dir: string, certificatePem: string): string[] {
    try {
        return new x509.X509Certificate(certificatePem).subjectName.getField('O');
    } catch (error) {
        throw new InvalidCaMaterialError(dir, `cannot parse the certificate or key: ${(error as Error).message}`);
    }
}
