import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { first } from './elements';

/** An RSA signing key as a provider publishes it (`jwk`, public part) and signs with (`pem`). */
export interface ProviderKey {
    kid: string;
    pem: string;
    jwk: Record<string, unknown>;
}

/** A fresh RS256 key with its own kid. */
export function providerKey(): ProviderKey {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = randomUUID();
    return { kid, pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), jwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

export interface OidcTestProviderOptions {
    /** The API's resource identifier: the `aud` of the JWT access tokens. */
    audience: string;
    /** The claim carrying the role, as the organization's configuration names it. */
    roleClaim: string;
    /** Each account's role claim value; an account signs in at the dev login form with any password. */
    accounts: Record<string, string>;
    /** The web UI's redirect URI (public client `coldtrace-web`, code + PKCE). */
    redirectUris?: string[];
    /** A confidential client with the client credentials grant, whose tokens carry `role`. */
    serviceClient?: { clientId: string; clientSecret: string; role: string };
    keys?: ProviderKey[];
}

type ProviderInstance = { callback(): (req: unknown, res: unknown) => void; issuer: string };

/**
 * A real OpenID Connect provider for the tests: panva's `oidc-provider` on a free local port, with
 * its development login form, issuing JWT access tokens for the API's audience that carry the role
 * claim. It restarts on the same address with other keys (`rotate`), as a provider rotating its
 * signing keys does, and signs arbitrary tokens with its keys (`sign`) for the refusal cases.
 * oidc-provider 9 wants Node 22 and warns on Node 20, where it runs.
 *
 * @example
 * const provider = await OidcTestProvider.start({ audience, roleClaim: 'coldtrace_role', accounts: { alice: 'retailer' } });
 * const token = provider.sign({ sub: 'alice', aud: audience, coldtrace_role: 'retailer' });
 */
export class OidcTestProvider {
    #server: Server;
    readonly #options: OidcTestProviderOptions;

    private constructor(
        server: Server,
        readonly issuer: string,
        options: OidcTestProviderOptions,
        public keys: ProviderKey[],
    ) {
        this.#server = server;
        this.#options = options;
    }

    static async start(options: OidcTestProviderOptions): Promise<OidcTestProvider> {
        const server = createServer();
        server.listen(0, '127.0.0.1');
        await once(server, 'listening');
        const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
        const provider = new OidcTestProvider(server, issuer, options, options.keys ?? [providerKey()]);
        await provider.#mount();
        return provider;
    }

    /** Serves new keys from now on (the old ones are no longer published), without changing the address. */
    async rotate(keys: ProviderKey[]): Promise<void> {
        this.keys = keys;
        await this.#mount();
    }

    /** Registers the web UI's redirect URIs (known once its server listens). */
    async allowRedirects(uris: string[]): Promise<void> {
        this.#options.redirectUris = uris;
        await this.#mount();
    }

    /** A JWT signed with the provider's current first key (or `key`): `iss`, `iat` and a 5-minute `exp` unless given. */
    sign(claims: Record<string, unknown>, key: ProviderKey = first(this.keys, 'provider keys')): string {
        const now = Math.floor(Date.now() / 1000);
        return jwt.sign({ iss: this.issuer, iat: now, exp: now + 300, ...claims }, key.pem, { algorithm: 'RS256', keyid: key.kid });
    }

    /** An access token for the service client, from the provider's own token endpoint (client credentials grant). */
    async serviceToken(): Promise<string> {
        const { clientId, clientSecret } = this.#options.serviceClient!;
        const response = await fetch(`${this.issuer}/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
            body: new URLSearchParams({ grant_type: 'client_credentials', resource: this.#options.audience, scope: 'api' }),
        });
        const answer = (await response.json()) as { access_token?: string };
        if (!response.ok || !answer.access_token) {
            throw new Error(`the test provider refused a token: ${JSON.stringify(answer)}`);
        }
        return answer.access_token;
    }

    async close(): Promise<void> {
        this.#server.closeAllConnections();
        await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    }

    async #mount(): Promise<void> {
        const { default: Provider } = (await import('oidc-provider')) as unknown as { default: new (issuer: string, config: unknown) => ProviderInstance };
        const { audience, roleClaim, accounts, serviceClient, redirectUris = [] } = this.#options;
        const provider = new Provider(this.issuer, {
            clients: [
                {
                    client_id: 'coldtrace-web',
                    token_endpoint_auth_method: 'none',
                    redirect_uris: redirectUris.length ? redirectUris : ['http://localhost/unused'],
                    grant_types: ['authorization_code'],
                    response_types: ['code'],
                },
                ...(serviceClient
                    ? [{ client_id: serviceClient.clientId, client_secret: serviceClient.clientSecret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [] }]
                    : []),
            ],
            jwks: { keys: this.keys.map((key) => key.jwk) },
            cookies: { keys: ['coldtrace-test-provider-cookie-key'] },
            findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => ({ sub: id }) }),
            scopes: ['openid', 'api'],
            features: {
                devInteractions: { enabled: true },
                clientCredentials: { enabled: true },
                resourceIndicators: {
                    enabled: true,
                    defaultResource: () => audience,
                    useGrantedResource: () => true,
                    getResourceServerInfo: () => ({ scope: 'api', audience, accessTokenFormat: 'jwt', accessTokenTTL: 300, jwt: { sign: { alg: 'RS256' } } }),
                },
            },
            extraTokenClaims: (_ctx: unknown, token: { accountId?: string; clientId?: string }) => {
                const role = token.accountId ? accounts[token.accountId] : token.clientId === serviceClient?.clientId ? serviceClient?.role : undefined;
                return role ? { [roleClaim]: role } : undefined;
            },
        });
        this.#server.removeAllListeners('request');
        this.#server.on('request', provider.callback());
    }
}
