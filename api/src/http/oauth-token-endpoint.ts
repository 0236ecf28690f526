import express, { type Request, type Response, Router } from 'express';
import type { ClientTokenService, MachineClientRegistry } from '../auth';
import { type AccessTokenResponse, ClientCredentialsRequest, type OAuthErrorResponse } from '../contract';

/** Where machine clients get their tokens, below /api/v1. */
export const OAUTH_TOKEN_PATH = '/oauth/token';

/**
 * `POST /api/v1/oauth/token`: the OAuth 2.0 client credentials grant (RFC 6749 §4.4) for machine
 * clients. Credentials in HTTP Basic or in the form; the token carries the scopes asked for (all the
 * client's when none are) and lives `tokens.ttlSeconds`. Refusals are OAuth error documents, which
 * client libraries read, not problem documents.
 *
 * @example
 * api.use(oauthTokenEndpoint(registry, clientTokens, onFailure));
 */
export function oauthTokenEndpoint(registry: MachineClientRegistry, tokens: ClientTokenService, onFailure: () => void): Router {
    const router = Router();
    router.post(OAUTH_TOKEN_PATH, express.urlencoded({ extended: false, limit: '16kb' }), (req: Request, res: Response) => {
        res.set({ 'cache-control': 'no-store', pragma: 'no-cache' });
        const refuse = (status: number, error: OAuthErrorResponse['error'], description: string) => {
            if (error === 'invalid_client') {
                onFailure();
                res.set('www-authenticate', 'Basic realm="coldtrace", charset="UTF-8"');
            }
            res.status(status).json({ error, error_description: description } satisfies OAuthErrorResponse);
        };
        if (!req.is('application/x-www-form-urlencoded')) {
            refuse(400, 'invalid_request', 'send the request as application/x-www-form-urlencoded (RFC 6749 §4.4.2)');
            return;
        }
        const parsed = ClientCredentialsRequest.safeParse(req.body);
        if (!parsed.success) {
            const grantType = (req.body as Record<string, unknown>)?.grant_type;
            const unsupported = typeof grantType === 'string' && grantType !== 'client_credentials';
            refuse(400, unsupported ? 'unsupported_grant_type' : 'invalid_request', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
            return;
        }
        const basic = basicCredentials(req);
        if (basic && parsed.data.client_secret) {
            refuse(400, 'invalid_request', 'send the client credentials once: in the Authorization header or in the form, not both');
            return;
        }
        const credentials = basic ?? (parsed.data.client_id && parsed.data.client_secret ? { id: parsed.data.client_id, secret: parsed.data.client_secret } : undefined);
        if (!credentials) {
            refuse(401, 'invalid_client', 'authenticate the client: Authorization: Basic base64(client_id:client_secret), or client_id and client_secret in the form');
            return;
        }
        const client = registry.authenticate(credentials.id, credentials.secret);
        if (!client) {
            refuse(401, 'invalid_client', 'unknown client or wrong secret');
            return;
        }
        const asked = parsed.data.scope?.split(' ').filter(Boolean);
        const beyond = asked?.filter((scope) => !client.scopes.includes(scope)) ?? [];
        if (beyond.length) {
            refuse(400, 'invalid_scope', `this client was not given ${beyond.join(' ')}; its scopes: ${client.scopes.join(' ')}`);
            return;
        }
        const scopes = asked?.length ? asked : client.scopes;
        const { token, expiresIn } = tokens.issue(client, scopes);
        res.json({ access_token: token, token_type: 'Bearer', expires_in: expiresIn, scope: scopes.join(' ') } satisfies AccessTokenResponse);
    });
    return router;
}

/** RFC 6749 §2.3.1: client_secret_basic, id and secret form-encoded before base64. */
function basicCredentials(req: Request): { id: string; secret: string } | undefined {
    const [, encoded] = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(req.get('authorization') ?? '') ?? [];
    if (encoded === undefined) {
        return undefined;
    }
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) {
        return undefined;
    }
    try {
        return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
    } catch {
        return undefined;
    }
}
