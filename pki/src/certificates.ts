import { X509Certificate, randomBytes } from 'node:crypto';
import { ECDSA_SHA256 } from './key-pair';
import { nodeWebCrypto, x509 } from './x509';

/** How long a certificate is valid, counted from its (backdated) notBefore. */
export type Validity = { years: number } | { days: number };

// Fabric CA (through cfssl) backdates NotBefore, and devices' clocks drift: a certificate issued a
// moment ago is accepted by a peer or broker whose clock is a little behind.
const BACKDATE_MS = 5 * 60 * 1000;
const SERIAL_BYTES = 16;

export interface RootCertificateOptions {
    /** The subject (and issuer), e.g. `[{ O: ['CarrierMSP'] }, { CN: ['ca.carrier.coldtrace.local'] }]`. */
    name: x509.JsonName;
    keys: CryptoKeyPair;
    validity: Validity;
    /** The WebCrypto that signs (default Node's), e.g. one that normalizes ECDSA to low-S. */
    crypto?: Crypto;
}

/**
 * A self-signed root CA certificate (PEM) that signs end-entity certificates only (pathLength 0).
 *
 * @example
 * const keys = await generateKeyPair();
 * const pem = await createRootCertificate({ name: [{ CN: ['coldtrace device CA'] }], keys, validity: { years: 10 } });
 */
export async function createRootCertificate(options: RootCertificateOptions): Promise<string> {
    const notBefore = backdatedNow();
    const certificate = await x509.X509CertificateGenerator.createSelfSigned(
        {
            serialNumber: randomSerialNumber(),
            name: new x509.Name(options.name),
            keys: options.keys,
            notBefore,
            notAfter: after(notBefore, options.validity),
            signingAlgorithm: ECDSA_SHA256,
            extensions: [
                new x509.BasicConstraintsExtension(true, 0, true),
                new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
                await x509.SubjectKeyIdentifierExtension.create(options.keys.publicKey, false, nodeWebCrypto),
            ],
        },
        options.crypto ?? nodeWebCrypto,
    );
    return toPem(certificate);
}

/** The CA that signs: its certificate and its private key. */
export interface Issuer {
    certificate: x509.X509Certificate;
    signingKey: CryptoKey;
    /** The WebCrypto that signs (default Node's). */
    crypto?: Crypto;
}

export interface EndEntityOptions {
    subject: x509.Name;
    publicKey: CryptoKey;
    validity: Validity;
    keyUsages: x509.KeyUsageFlags;
    /** Added after the basic constraints, key usage and key identifiers. */
    extensions?: x509.Extension[];
}

/**
 * An end-entity certificate (PEM) for `publicKey`, signed by `issuer`: not a CA, with subject and
 * authority key identifiers, valid from a backdated now but never before the CA itself (a chain is
 * checked at the leaf's notBefore).
 *
 * @example
 * const pem = await issueCertificate(issuer, { subject, publicKey, validity: { days: 365 }, keyUsages: x509.KeyUsageFlags.digitalSignature });
 */
export async function issueCertificate(issuer: Issuer, options: EndEntityOptions): Promise<string> {
    const notBefore = new Date(Math.max(backdatedNow().getTime(), issuer.certificate.notBefore.getTime()));
    const certificate = await x509.X509CertificateGenerator.create(
        {
            serialNumber: randomSerialNumber(),
            subject: options.subject,
            // The CA's own encoded name, byte for byte, so issuer/subject matching cannot drift.
            issuer: issuer.certificate.subjectName,
            notBefore,
            notAfter: after(notBefore, options.validity),
            publicKey: options.publicKey,
            signingKey: issuer.signingKey,
            signingAlgorithm: ECDSA_SHA256,
            extensions: [
                new x509.BasicConstraintsExtension(false, undefined, true),
                new x509.KeyUsagesExtension(options.keyUsages, true),
                await x509.SubjectKeyIdentifierExtension.create(options.publicKey, false, nodeWebCrypto),
                await authorityKeyIdentifier(issuer.certificate),
                ...(options.extensions ?? []),
            ],
        },
        issuer.crypto ?? nodeWebCrypto,
    );
    return toPem(certificate);
}

/** The certificate when `ca` issued it, or why not. */
export type IssuedByCheck = { ok: true; certificate: X509Certificate } | { ok: false; reason: string };

/**
 * Checks that `certificatePem` is an end-entity certificate issued and signed by the CA certificate
 * `ca` (validity dates are the caller's business: they move, the rest does not).
 *
 * @example
 * const check = checkIssuedBy(pem, new X509Certificate(caPem));
 * if (!check.ok) throw new Error(check.reason);
 */
export function checkIssuedBy(certificatePem: string, ca: X509Certificate): IssuedByCheck {
    let certificate: X509Certificate;
    try {
        certificate = new X509Certificate(certificatePem);
    } catch {
        return { ok: false, reason: 'not a PEM-encoded X.509 certificate' };
    }
    // Without this, the root itself would pass checkIssued.
    if (certificate.ca) {
        return { ok: false, reason: `${certificate.subject.replace(/\n/g, ', ')} is a CA certificate, not an identity` };
    }
    if (!certificate.checkIssued(ca)) {
        return { ok: false, reason: `certificate was not issued by ${ca.subject}` };
    }
    if (!certificate.verify(ca.publicKey)) {
        return { ok: false, reason: `certificate signature does not verify against ${ca.subject}` };
    }
    return { ok: true, certificate };
}

/** A positive random 128-bit serial number, hex (a DER integer whose first byte is below 0x80). */
export function randomSerialNumber(): string {
    const bytes = randomBytes(SERIAL_BYTES);
    bytes.writeUInt8(bytes.readUInt8(0) & 0x7f, 0);
    return bytes.toString('hex');
}

function toPem(certificate: x509.X509Certificate): string {
    return `${certificate.toString('pem')}\n`;
}

export async function authorityKeyIdentifier(ca: x509.X509Certificate): Promise<x509.AuthorityKeyIdentifierExtension> {
    // Reuse the CA's own SKI when it has one: OpenSSL's checkIssued compares the two verbatim.
    const keyId = ca.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
    return keyId === undefined ? x509.AuthorityKeyIdentifierExtension.create(ca.publicKey, false, nodeWebCrypto) : new x509.AuthorityKeyIdentifierExtension(keyId, false);
}

/** Now, minus the backdate, at whole seconds because X.509 times have no fractions. */
function backdatedNow(): Date {
    return new Date(Math.floor((Date.now() - BACKDATE_MS) / 1000) * 1000);
}

export function after(date: Date, validity: Validity): Date {
    const result = new Date(date);
    if ('years' in validity) {
        result.setUTCFullYear(result.getUTCFullYear() + validity.years);
    } else {
        result.setTime(result.getTime() + validity.days * 86_400_000);
    }
    return result;
}
