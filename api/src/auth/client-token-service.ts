import { createSecretKey, type KeyObject } from 'node:crypto';
import { AuthenticationError } from '@coldtrace/telemetry';
import jwt from 'jsonwebtoken';
import type { MachineClientView } from '../contract';

/** The `iss` of machine clients' tokens: apart from people's (`coldtrace`), so neither passes for the other. */
export const CLIENT_TOKEN_ISSUER = 'coldtrace/clients';

/** What a machine client's token grants: the client, and the scopes asked for (some or all of its own). */
export interface ClientGrant {
    clientId: string;
    scopes: string[];
}

/**
 * Issues and checks machine clients' access tokens (client credentials grant): short-lived HS256
 * JWTs with the client as subject and the granted scopes, under the API's token key.
 *
 * @example
 * const tokens = new ClientTokenService(key, 300);
 * const { token } = tokens.issue(client, ['product:stock']);
 * tokens.verify(token).scopes; // ['product:stock']
 */
export class ClientTokenService {
    readonly #key: KeyObject;

    constructor(
        key: Buffer,
        readonly ttlSeconds: number,
    ) {
        this.#key = createSecretKey(key);
    }

    issue(client: MachineClientView, scopes: readonly string[]): { token: string; expiresIn: number } {
        const token = jwt.sign({ scope: scopes.join(' ') }, this.#key, { algorithm: 'HS256', expiresIn: this.ttlSeconds, subject: client.clientId, issuer: CLIENT_TOKEN_ISSUER });
        return { token, expiresIn: this.ttlSeconds };
    }

    /** The grant a token carries; throws {@link AuthenticationError} when expired, tampered or malformed. */
    verify(token: string): ClientGrant {
        let claims: jwt.JwtPayload;
        try {
            claims = jwt.verify(token, this.#key, { algorithms: ['HS256'], issuer: CLIENT_TOKEN_ISSUER }) as jwt.JwtPayload;
        } catch (error) {
            if (error instanceof jwt.TokenExpiredError) {
                throw new AuthenticationError('TOKEN_EXPIRED', `the client token expired at ${error.expiredAt.toISOString()}; ask POST /api/v1/oauth/token for a new one`);
            }
            throw new AuthenticationError('TOKEN_INVALID', `the client token is not valid: ${(error as Error).message}`);
        }
        if (typeof claims.sub !== 'string' || typeof claims.scope !== 'string') {
            throw new AuthenticationError('TOKEN_INVALID', 'the client token does not name a client and its scopes');
        }
        return { clientId: claims.sub, scopes: claims.scope.split(' ').filter(Boolean) };
    }
}
