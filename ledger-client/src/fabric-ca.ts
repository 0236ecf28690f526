import { randomBytes } from 'node:crypto';
import FabricCAServices from 'fabric-ca-client';
import { User } from 'fabric-common';
import type { LedgerIdentity } from './ledger';
import { LedgerError } from './ledger-error';

/** Where an organization's Fabric CA listens, the TLS root it presents, and its registrar's enrollment. */
export interface FabricCaConnection {
    /** https://host:port */
    url: string;
    tlsCaCert: string;
    /** The CA's name when the server hosts several; the default CA otherwise. */
    caName?: string;
    registrar: { enrollmentId: string; secret: string };
}

/** The attributes coldtrace's certificates carry; others an identity holds at the CA are left alone. */
const COLDTRACE_ATTRIBUTE = /^coldtrace\./;

/**
 * One organization's Fabric CA, used as its registrar: registers users with their coldtrace
 * attributes as ecert attributes (so every certificate carries them), enrolls them, revokes them
 * and hands out the CRL that the channel's MSP needs to refuse them.
 *
 * @example
 * const ca = newFabricCa('RetailerMSP', { url: 'https://localhost:9054', tlsCaCert, registrar: { enrollmentId: 'admin', secret } });
 * const alice = await ca.enroll('alice', { 'coldtrace.role': 'retailer' });
 * const crlPem = await ca.revoke('alice');
 */
export interface FabricCa {
    readonly mspId: string;
    /**
     * Registers `userId` (or, when the CA knows it already, gives it a fresh secret and these
     * attributes) and enrolls it: a key made here and a certificate carrying the attributes.
     */
    enroll(userId: string, attributes?: Readonly<Record<string, string>>): Promise<LedgerIdentity>;
    /** Revokes `userId`'s certificates; resolves to the CA's CRL (PEM) that now lists them. */
    revoke(userId: string): Promise<string>;
    /** The CA's current CRL (PEM). */
    revocationList(): Promise<string>;
}

/** The {@link FabricCa} of organization `mspId`, reached through `connection`. */
export function newFabricCa(mspId: string, connection: FabricCaConnection): FabricCa {
    return new FabricCaClient(mspId, connection);
}

class FabricCaClient implements FabricCa {
    readonly #services: FabricCAServices;
    #registrarUser?: Promise<User>;

    readonly #connection: FabricCaConnection;

    constructor(
        readonly mspId: string,
        connection: FabricCaConnection,
    ) {
        this.#connection = connection;
        this.#services = new FabricCAServices(connection.url, { trustedRoots: [connection.tlsCaCert], verify: true }, connection.caName ?? '');
    }

    /**
     * Registers `userId` (or, when the CA knows it already, gives it a fresh secret and these
     * attributes) and enrolls it: a key made here and a certificate carrying the attributes.
     */
    async enroll(userId: string, attributes: Readonly<Record<string, string>> = {}): Promise<LedgerIdentity> {
        const registrar = await this.#registrar();
        const enrollmentID = enrollmentIdOf(userId);
        const secret = await this.#call('register', userId, () => this.#upsert(enrollmentID, attributes, registrar));
        const { certificate, key } = await this.#call('enroll', userId, () => this.#services.enroll({ enrollmentID, enrollmentSecret: secret }));
        return { mspId: this.mspId, certificate, privateKey: key.toBytes() };
    }

    /**
     * Revokes every certificate of `userId` (they may no longer enroll either) and returns the CA's
     * CRL as PEM, which lists them: what the organization's channel MSP must be given.
     */
    async revoke(userId: string): Promise<string> {
        const registrar = await this.#registrar();
        const response = (await this.#call('revoke', userId, () =>
            this.#services.revoke({ enrollmentID: enrollmentIdOf(userId), reason: 'cessationofoperation', gencrl: true } as FabricCAServices.IRevokeRequest, registrar),
        )) as { result?: { CRL?: string } };
        return response.result?.CRL ? crlPem(response.result.CRL) : this.revocationList();
    }

    /** The CA's current CRL, PEM. */
    async revocationList(): Promise<string> {
        const registrar = await this.#registrar();
        return crlPem((await this.#call('list revoked certificates for', this.mspId, () => this.#services.generateCRL({}, registrar))) as string);
    }

    async #upsert(userId: string, attributes: Readonly<Record<string, string>>, registrar: User): Promise<string> {
        const identities = this.#services.newIdentityService();
        const known = await identities.getOne(userId, registrar).catch(() => undefined);
        const wanted = Object.entries(attributes).map(([name, value]) => ({ name, value, ecert: true }));
        if (!known?.success) {
            return this.#services.register({ enrollmentID: userId, role: 'client', affiliation: '', maxEnrollments: -1, attrs: wanted }, registrar);
        }
        // An attribute the user no longer holds (an administrator unmade) is removed by an empty value.
        const held = ((known.result as { attrs?: { name: string }[] }).attrs ?? []).map((attribute) => attribute.name);
        const dropped = held.filter((name) => COLDTRACE_ATTRIBUTE.test(name) && !(name in attributes)).map((name) => ({ name, value: '' }));
        const secret = randomSecret();
        await identities.update(
            userId,
            { enrollmentID: userId, affiliation: '', type: 'client', maxEnrollments: -1, enrollmentSecret: secret, attrs: [...wanted, ...dropped] },
            registrar,
        );
        return secret;
    }

    #registrar(): Promise<User> {
        this.#registrarUser ??= (async () => {
            const { enrollmentId, secret } = this.#connection.registrar;
            const { certificate, key } = await this.#call('enroll its registrar', enrollmentId, () =>
                this.#services.enroll({ enrollmentID: enrollmentId, enrollmentSecret: secret }),
            );
            return User.createUser(enrollmentId, '', this.mspId, certificate, key.toBytes());
        })();
        this.#registrarUser.catch(() => (this.#registrarUser = undefined));
        return this.#registrarUser;
    }

    async #call<T>(action: string, who: string, run: () => Promise<T>): Promise<T> {
        try {
            return await run();
        } catch (error) {
            throw new LedgerError(
                'UNAVAILABLE',
                `the Fabric CA of ${this.mspId} at ${this.#connection.url} refused to ${action} ${who}: ${(error as Error).message ?? String(error)}`,
            );
        }
    }
}

/**
 * The CA's enrollment ID of a coldtrace label: enrollment goes through HTTP basic authentication,
 * where a ':' would end the ID, so a machine client's `client:<id>` is enrolled as `client%3A<id>`.
 */
export function enrollmentIdOf(label: string): string {
    return label.replace(/[%:]/g, (c) => encodeURIComponent(c));
}

/** The CA answers the CRL base64-encoded; its content is PEM already (DER from older servers). */
function crlPem(base64: string): string {
    const decoded = Buffer.from(base64, 'base64');
    const text = decoded.toString('utf8');
    if (text.includes('-----BEGIN X509 CRL-----')) {
        return text.endsWith('\n') ? text : `${text}\n`;
    }
    return `-----BEGIN X509 CRL-----\n${decoded
        .toString('base64')
        .replace(/(.{64})/g, '$1\n')
        .replace(/\n?$/, '\n')}-----END X509 CRL-----\n`;
}

function randomSecret(): string {
    return randomBytes(18).toString('base64url');
}
