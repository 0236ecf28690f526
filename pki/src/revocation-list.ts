import { type Issuer, type Validity, after, authorityKeyIdentifier } from './certificates';
import { ECDSA_SHA256 } from './key-pair';
import { nodeWebCrypto, x509 } from './x509';

/** One revoked certificate: its serial (hex) and when it was revoked. */
export interface RevokedEntry {
    serialNumber: string;
    revocationDate: Date;
}

/**
 * A CRL signed by `issuer` listing `entries`, shaped as Fabric CA writes them (a reason on every
 * entry, nextUpdate present, the issuer's key identifier), so Fabric's MSP, OpenSSL and
 * @peculiar/x509 all read it back. Times are whole seconds: X.509 times have no fractions.
 *
 * @example
 * const crl = await issueRevocationList(ca, [{ serialNumber: '1f2e', revocationDate: new Date() }], { years: 10 });
 * crlToPem(crl); // '-----BEGIN X509 CRL-----…'
 */
export async function issueRevocationList(issuer: Issuer, entries: readonly RevokedEntry[], validity: Validity, now = new Date()): Promise<x509.X509Crl> {
    const thisUpdate = new Date(Math.floor(now.getTime() / 1000) * 1000);
    // An entry with an empty extension list is malformed DER to OpenSSL: each gets a reason.
    const reason = x509.X509CrlReason.cessationOfOperation;
    const crl = await x509.X509CrlGenerator.create(
        {
            issuer: issuer.certificate.subjectName,
            thisUpdate,
            nextUpdate: after(thisUpdate, validity),
            entries: entries.map((entry) => ({ ...entry, reason })),
            signingKey: issuer.signingKey,
            signingAlgorithm: ECDSA_SHA256,
            extensions: [await authorityKeyIdentifier(issuer.certificate)],
        },
        issuer.crypto ?? nodeWebCrypto,
    );
    // Re-read from its bytes, so entries and serials are what any verifier will parse.
    return new x509.X509Crl(crl.rawData);
}

/** PEM with the label Fabric's MSP and OpenSSL read (X509 CRL). */
export function crlToPem(crl: x509.X509Crl): string {
    const body = Buffer.from(crl.rawData)
        .toString('base64')
        .replace(/(.{64})/g, '$1\n')
        .replace(/\n$/, '');
    return `-----BEGIN X509 CRL-----\n${body}\n-----END X509 CRL-----\n`;
}

/** Lower-case hex without leading zeros, so a certificate's and a CRL entry's serial compare equal. */
export function normalizeSerial(hex: string): string {
    return hex.toLowerCase().replace(/^0+(?=.)/, '');
}
