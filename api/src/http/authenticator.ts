import type { Request } from 'express';
import jwt from 'jsonwebtoken';
import {
    AccessDeniedError,
    AuthenticationError,
    CLIENT_TOKEN_ISSUER,
    clientUsername,
    type ClientTokenService,
    type MachineClientRegistry,
    type OidcTokenVerifier,
    type TokenService,
    type UserDirectory,
} from '../auth';
import { type RouteSpec, scopesCover } from '../contract';
import type { UserIdentities } from '../identity/user-identities';
import type { Caller } from './caller';

/** Sign-in besides local passwords: organizations' OpenID providers, and machine clients. */
export interface ExternalSignIn {
    /** One per organization that configured a provider. */
    providers?: readonly OidcTokenVerifier[];
    clients?: { registry: MachineClientRegistry; tokens: ClientTokenService };
}

/**
 * Ties a request to its caller: a bearer token (or, for EventSource, which cannot set headers, an
 * `access_token` query parameter) of one of three kinds, told apart by its issuer — this server's
 * own for a local user who still exists, an organization's OpenID provider for that organization's
 * people, or this server's client issuer for a machine client still registered, whose scopes must
 * cover the route — and the caller's own ledger identity.
 *
 * @example
 * const caller = await authenticator.caller(req, { route: routes.getBatch }); // throws AuthenticationError (401), AccessDeniedError (403)
 */
export class Authenticator {
    readonly #providers: ReadonlyMap<string, OidcTokenVerifier>;

    readonly #tokens: TokenService;
    readonly #users: UserDirectory;
    readonly #identities: UserIdentities;
    readonly #external: ExternalSignIn;

    constructor(tokens: TokenService, users: UserDirectory, identities: UserIdentities, external: ExternalSignIn = {}) {
        this.#tokens = tokens;
        this.#users = users;
        this.#identities = identities;
        this.#external = external;
        this.#providers = new Map((external.providers ?? []).map((provider) => [provider.config.issuer, provider]));
    }

    /**
     * The caller of a request; `route` is the contract route it calls, which a machine client's
     * scopes must cover (elsewhere — event stream, EPCIS, device telemetry — machine clients are refused).
     */
    async caller(req: Request, options: { allowQueryToken?: boolean; route?: RouteSpec } = {}): Promise<Caller> {
        const token = bearerToken(req) ?? (options.allowQueryToken ? queryToken(req) : undefined);
        if (!token) {
            throw new AuthenticationError('UNAUTHENTICATED', 'sign in first: send Authorization: Bearer <token> from POST /api/v1/auth/login');
        }
        const issuer = issuerOf(token);
        if (issuer === CLIENT_TOKEN_ISSUER && this.#external.clients) {
            return this.#machineClient(token, options.route);
        }
        const provider = issuer === undefined ? undefined : this.#providers.get(issuer);
        if (provider) {
            const { expiresAt: _expiresAt, ...user } = await provider.verify(token);
            return { user, identity: await this.#identities.of(user) };
        }
        if (issuer !== undefined && issuer !== 'coldtrace') {
            throw new AuthenticationError('TOKEN_INVALID', `tokens of ${issuer} are not accepted here: it is no organization's configured OpenID provider`);
        }
        const claimed = this.#tokens.verify(token);
        const user = this.#users.find(claimed.username);
        if (!user || user.org !== claimed.org || user.role !== claimed.role) {
            throw new AuthenticationError('TOKEN_INVALID', `user ${claimed.username} no longer exists with that role; sign in again`);
        }
        return { user, identity: await this.#identities.of(user) };
    }

    /** A user acting without a request (an EPCIS subscription delivering on its behalf); undefined once the user is gone. */
    async callerNamed(username: string): Promise<Caller | undefined> {
        const user = this.#users.find(username);
        return user && { user, identity: await this.#identities.of(user) };
    }

    async #machineClient(token: string, route: RouteSpec | undefined): Promise<Caller> {
        const { registry, tokens } = this.#external.clients!;
        const grant = tokens.verify(token);
        const client = registry.find(grant.clientId);
        if (!client) {
            throw new AuthenticationError('TOKEN_INVALID', `machine client ${grant.clientId} has been removed`);
        }
        // Scopes the client lost since the token was issued no longer count.
        const scopes = grant.scopes.filter((scope) => client.scopes.includes(scope));
        if (!route) {
            throw new AccessDeniedError('machine clients call the REST routes under /api/v1 that their scopes cover, not this');
        }
        if (!routeCovered(route, scopes)) {
            const needs = route.transaction ?? (route.method === 'GET' ? 'read' : undefined);
            throw new AccessDeniedError(
                needs
                    ? `this client's scopes (${scopes.join(' ') || 'none'}) do not cover ${needs}, which ${route.method} ${route.path} needs`
                    : `${route.method} ${route.path} is for people only, not machine clients`,
            );
        }
        const user = { username: clientUsername(client.clientId), role: client.role, org: client.org };
        return { user, identity: await this.#identities.of(user), scopes };
    }
}

/** A route with a chaincode transaction needs a scope covering it; a reading route without one, `read`; others are for people. */
function routeCovered(route: RouteSpec, scopes: readonly string[]): boolean {
    if (route.transaction) {
        return scopesCover(scopes, route.transaction);
    }
    return route.method === 'GET' && scopes.includes('read');
}

/** The `iss` of a JWT, read before its signature is checked to pick who checks it; undefined when unreadable. */
function issuerOf(token: string): string | undefined {
    const claims = jwt.decode(token, { json: true });
    return typeof claims?.iss === 'string' ? claims.iss : undefined;
}

function bearerToken(req: Request): string | undefined {
    const header = req.get('authorization');
    if (!header) {
        return undefined;
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
        throw new AuthenticationError('TOKEN_INVALID', 'the Authorization header must be "Bearer <token>"');
    }
    return match[1];
}

function queryToken(req: Request): string | undefined {
    const value = (req.query as Record<string, unknown>).access_token;
    return typeof value === 'string' && value ? value : undefined;
}
