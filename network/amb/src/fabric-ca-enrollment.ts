import { X509Certificate } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLE_ATTRIBUTE } from '@coldtrace/chaincode/model';
import FabricCAServices from 'fabric-ca-client';
import { User } from 'fabric-common';
import { AmbError } from './amb-error';

/** Where a member's Fabric CA listens and the TLS root it presents a certificate under. */
export interface CaConnection {
    /** https://host:port, e.g. AMB's CaEndpoint with the scheme in front. */
    url: string;
    tlsRootPem: string;
    /** The CA's name when the server hosts more than one; AMB's members have one. */
    caName?: string;
}

/** An identity's signing certificate and private key, both PEM, and the MSP it acts for. */
export interface EnrolledIdentity {
    mspId: string;
    certificatePem: string;
    privateKeyPem: string;
}

function caServices(ca: CaConnection): FabricCAServices {
    return new FabricCAServices(ca.url, { trustedRoots: [ca.tlsRootPem], verify: true }, ca.caName ?? '');
}

function caError(action: string, who: string, ca: CaConnection, error: unknown): AmbError {
    return new AmbError(`the Fabric CA at ${ca.url} refused to ${action} ${who}: ${(error as Error).message ?? String(error)}`);
}

/**
 * Enrolls an identity with its secret: the CA signs a key made here, which never leaves this host.
 * The certificate carries the identity's enrollment attributes (ecert ones), never the MSP id;
 * coldtrace pairs the two in the wallet.
 *
 * @example
 * const admin = await enroll({ url: 'https://ca.m-DEF.n-ABC.managedblockchain.us-east-1.amazonaws.com:30002', tlsRootPem }, 'admin', 'secret', 'm-DEF');
 */
export async function enroll(ca: CaConnection, enrollmentID: string, enrollmentSecret: string, mspId: string): Promise<EnrolledIdentity> {
    try {
        const { certificate, key } = await caServices(ca).enroll({ enrollmentID, enrollmentSecret });
        return { mspId, certificatePem: certificate, privateKeyPem: key.toBytes() };
    } catch (error) {
        throw caError('enroll', enrollmentID, ca, error);
    }
}

/** A new identity for the member's CA. */
export interface Registration {
    enrollmentID: string;
    /** Chosen by the CA when omitted. */
    enrollmentSecret?: string;
    /**
     * The coldtrace service role its certificates carry as `coldtrace.role` (the chaincode's
     * ROLE_ATTRIBUTE), e.g. `detector` for a carrier's detector; none for a person's identity.
     */
    role?: string;
    /** The registrar's own affiliation when omitted. */
    affiliation?: string;
}

/**
 * Registers a client identity, with its role put into its enrollment certificates (an ecert
 * attribute, so every enrollment carries it without asking), and returns its enrollment secret.
 *
 * @example
 * const secret = await register(ca, admin, { enrollmentID: 'detector-1', role: 'detector' });
 * const detector = await enroll(ca, 'detector-1', secret, admin.mspId);
 */
export async function register(ca: CaConnection, registrar: EnrolledIdentity & { name: string }, registration: Registration): Promise<string> {
    const user = User.createUser(registrar.name, '', registrar.mspId, registrar.certificatePem, registrar.privateKeyPem);
    try {
        return await caServices(ca).register(
            {
                enrollmentID: registration.enrollmentID,
                enrollmentSecret: registration.enrollmentSecret,
                role: 'client',
                affiliation: registration.affiliation ?? '',
                maxEnrollments: -1,
                attrs: registration.role ? [{ name: ROLE_ATTRIBUTE, value: registration.role, ecert: true }] : [],
            },
            user,
        );
    } catch (error) {
        throw caError('register', registration.enrollmentID, ca, error);
    }
}

/**
 * The attributes the Fabric CA wrote into a certificate (its extension 1.2.3.4.5.6.7.8.1, a JSON
 * object), e.g. `{ 'coldtrace.role': 'detector', 'hf.EnrollmentID': 'detector-1', … }`; empty when there are none.
 *
 * @example
 * certificateAttributes(detector.certificatePem)['coldtrace.role']; // 'detector'
 */
export function certificateAttributes(certificatePem: string): Record<string, string> {
    // The extension's value is the JSON text itself, so it can be read from the DER bytes without an ASN.1 parser.
    const der = new X509Certificate(certificatePem).raw.toString('latin1');
    const match = /\{"attrs":\{[^{}]*\}\}/.exec(der);
    return match ? (JSON.parse(match[0]) as { attrs: Record<string, string> }).attrs : {};
}

/**
 * Writes an identity into a wallet directory in two forms: `<name>/cert.pem` and `<name>/key.pem`
 * (what a coldtrace network description's admin/user entries point at) and `<name>.id` (the
 * file-system wallet format of the fabric-network 2.2 SDK). The key file is readable by its owner only.
 *
 * @example
 * writeWalletIdentity('wallet', 'admin', admin); // wallet/admin/cert.pem, wallet/admin/key.pem, wallet/admin.id
 */
export function writeWalletIdentity(walletDir: string, name: string, identity: EnrolledIdentity): { certPath: string; keyPath: string } {
    const dir = join(walletDir, name);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const certPath = join(dir, 'cert.pem');
    const keyPath = join(dir, 'key.pem');
    writeFileSync(certPath, identity.certificatePem);
    writeFileSync(keyPath, identity.privateKeyPem, { mode: 0o600 });
    const walletEntry = { credentials: { certificate: identity.certificatePem, privateKey: identity.privateKeyPem }, mspId: identity.mspId, type: 'X.509', version: 1 };
    writeFileSync(join(walletDir, `${name}.id`), JSON.stringify(walletEntry, null, 2), { mode: 0o600 });
    return { certPath, keyPath };
}
