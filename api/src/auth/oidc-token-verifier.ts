import { sha256Hex } from '@coldtrace/chaincode/sha256';
import { AuthenticationError } from '@coldtrace/telemetry';
import type { JWTPayload, JWTVerifyGetKey } from 'jose' with { 'resolution-mode': 'import' };
import { type OidcProviderConfig, USER_ROLES, type UserRole, type UserView } from '../contract';
import { AccessDeniedError } from './access-denied-error';

/** What coldtrace reads of a provider's discovery document. */
interface ProviderMetadata {
    issuer: string;
    authorization_endpoint: string;
    token_endpoint: string;
    jwks_uri: string;
}

export interface OidcKeyCache {
    /** How long the provider's keys are trusted before they are fetched again (jose's cacheMaxAge); default 600 s. */
    maxAgeSeconds?: number;
}

/** jose is an ES module: loaded once, on the first token, from this CommonJS package. */
let jose: Promise<typeof import('jose', { with: { 'resolution-mode': 'import' } })> | undefined;
const loadJose = () => (jose ??= import('jose'));

/**
 * One organization's OpenID Connect provider: reads its discovery document, checks its access
 * tokens (signature against its JWKS, issuer, audience, expiry) and maps them to a user of the
 * organization with the role its role claim names. Keys are fetched again when a token names one
 * not seen yet and when the cache ages out, so the provider rotates keys without a restart of
 * coldtrace, and a key it dropped stops being accepted.
 *
 * @example
 * const provider = new OidcTokenVerifier('RetailerMSP', ['retailer'], config);
 * const user = await provider.verify(accessToken); // { username: 'alice@RetailerMSP', role: 'retailer', org: 'RetailerMSP' }
 */
export class OidcTokenVerifier {
    #metadata: Promise<ProviderMetadata> | undefined;
    #keys: Promise<JWTVerifyGetKey> | undefined;

    readonly #orgRoles: readonly UserRole[];
    readonly #keyCache: OidcKeyCache;

    constructor(
        readonly org: string,
        /** The roles the organization holds: a claim naming another is refused. */
        orgRoles: readonly UserRole[],
        readonly config: OidcProviderConfig,
        keyCache: OidcKeyCache = {},
    ) {
        this.#orgRoles = orgRoles;
        this.#keyCache = keyCache;
    }

    /** The provider's endpoints, read once (again after a failure). */
    metadata(): Promise<ProviderMetadata> {
        this.#metadata ??= this.#discover();
        this.#metadata.catch(() => (this.#metadata = undefined));
        return this.#metadata;
    }

    async #discover(): Promise<ProviderMetadata> {
        const url = `${this.config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
        const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
        if (!response.ok) {
            throw new Error(`the OpenID provider of ${this.org} answered ${response.status} for ${url}`);
        }
        const metadata = (await response.json()) as Partial<ProviderMetadata>;
        if (metadata.issuer !== this.config.issuer || !metadata.authorization_endpoint || !metadata.token_endpoint || !metadata.jwks_uri) {
            throw new Error(`${url} is not the discovery document of ${this.config.issuer} (issuer ${metadata.issuer}; it needs authorization, token and JWKS endpoints)`);
        }
        return metadata as ProviderMetadata;
    }

    /**
     * The user an access token of this provider names; throws {@link AuthenticationError} (401)
     * when it is not the provider's, not for coldtrace, expired or signed by a key the provider no
     * longer publishes, {@link AccessDeniedError} (403) when it names no role of the organization.
     */
    async verify(token: string): Promise<UserView & { expiresAt: string }> {
        const { jwtVerify, errors } = await loadJose();
        let claims: JWTPayload;
        try {
            ({ payload: claims } = await jwtVerify(token, await this.#jwks(), { issuer: this.config.issuer, audience: this.config.audience, requiredClaims: ['sub', 'exp'] }));
        } catch (error) {
            if (error instanceof errors.JWTExpired) {
                throw new AuthenticationError('TOKEN_EXPIRED', `the token of ${this.config.issuer} expired; sign in again`);
            }
            if (error instanceof errors.JWKSNoMatchingKey) {
                throw new AuthenticationError('TOKEN_INVALID', `the token is signed with a key ${this.config.issuer} does not publish (rotated out?); sign in again`);
            }
            if (error instanceof errors.JOSEError) {
                throw new AuthenticationError('TOKEN_INVALID', `the token of ${this.config.issuer} is not valid for coldtrace: ${error.message}`);
            }
            throw error;
        }
        const role = this.#role(claims);
        return { username: usernameOf(claims.sub!, this.org), role, org: this.org, expiresAt: new Date(claims.exp! * 1000).toISOString() };
    }

    /**
     * The web UI's authorization code, exchanged at the provider's token endpoint (with the client
     * secret when the organization configured one), answered with the access token's user.
     */
    async exchange(code: string, codeVerifier: string, redirectUri: string): Promise<{ token: string; expiresAt: string; user: UserView }> {
        const { token_endpoint } = await this.metadata();
        const form = new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: codeVerifier, redirect_uri: redirectUri });
        const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
        if (this.config.clientSecret) {
            headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(this.config.clientId)}:${encodeURIComponent(this.config.clientSecret)}`).toString('base64')}`;
        } else {
            form.set('client_id', this.config.clientId);
        }
        const response = await fetch(token_endpoint, { method: 'POST', headers, body: form, signal: AbortSignal.timeout(10_000) });
        const answer = (await response.json().catch(() => ({}))) as { access_token?: string; error?: string; error_description?: string };
        if (!response.ok || typeof answer.access_token !== 'string') {
            throw new AuthenticationError(
                'BAD_CREDENTIALS',
                `${this.config.issuer} did not exchange the code: ${answer.error_description ?? answer.error ?? `HTTP ${response.status}`}`,
            );
        }
        const { expiresAt, ...user } = await this.verify(answer.access_token);
        return { token: answer.access_token, expiresAt, user };
    }

    #jwks(): Promise<JWTVerifyGetKey> {
        this.#keys ??= (async () => {
            const [{ createRemoteJWKSet }, { jwks_uri }] = await Promise.all([loadJose(), this.metadata()]);
            const maxAgeMs = (this.#keyCache.maxAgeSeconds ?? 600) * 1000;
            // A token naming an unknown key refetches at once, but not more than once in that while.
            return createRemoteJWKSet(new URL(jwks_uri), { cacheMaxAge: maxAgeMs, cooldownDuration: Math.min(30_000, maxAgeMs) });
        })();
        this.#keys.catch(() => (this.#keys = undefined));
        return this.#keys;
    }

    #role(claims: JWTPayload): UserRole {
        const value = this.config.roleClaim.split('.').reduce<unknown>((at, name) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[name] : undefined), claims);
        const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
        const roles = values.map((v) => this.config.roles?.[v] ?? ((USER_ROLES as readonly string[]).includes(v) ? (v as UserRole) : undefined));
        const role = roles.find((r): r is UserRole => r !== undefined && this.#orgRoles.includes(r));
        if (!role) {
            throw new AccessDeniedError(
                `the token's ${this.config.roleClaim} claim (${values.join(', ') || 'absent'}) names no role of ${this.org} (${this.#orgRoles.join(', ')}); ask ${this.config.issuer}'s administrator for one`,
            );
        }
        return role;
    }
}

/**
 * A provider's user as coldtrace names it: `<sub>@<MSP ID>`, so it can never be a local user (whose
 * names have no `@`) nor another organization's; a `sub` unfit for a file name is hashed.
 *
 * @example
 * usernameOf('alice', 'RetailerMSP'); // 'alice@RetailerMSP'
 */
export function usernameOf(sub: string, org: string): string {
    const safe = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(sub) ? sub : `h-${sha256Hex(sub).slice(0, 24)}`;
    return `${safe}@${org}`;
}
