import { createSecretKey, type KeyObject } from 'node:crypto';
import { AuthenticationError } from '@coldtrace/telemetry';
import jwt from 'jsonwebtoken';
import { USER_ROLES, type UserView } from '../contract';

const ISSUER = 'coldtrace';

/**
 * Issues and checks the API's bearer tokens: HS256 JWTs naming the user, its role and organization,
 * with an expiry. The signing key is the caller's to keep out of the repository (an environment
 * variable, or a 0600 file in the data directory made on first start: `loadOrCreateSecretKey`).
 *
 * @example
 * const tokens = new TokenService(loadOrCreateSecretKey('data/secrets/jwt.key'), 8 * 3600);
 * const { token } = tokens.issue({ username: 'alice', role: 'retailer', org: 'RetailerMSP' });
 * tokens.verify(token).username; // 'alice'
 */
export class TokenService {
    /**
     * A KeyObject, not the raw bytes: given bytes, jsonwebtoken first tries to parse them as a public
     * key on every verify, which cost more CPU than the whole trace query under load.
     */
    readonly #key: KeyObject;

    readonly #ttlSeconds: number;

    constructor(key: Buffer, ttlSeconds: number) {
        this.#ttlSeconds = ttlSeconds;
        if (key.length < 32) {
            throw new Error('the token signing key must have at least 32 bytes');
        }
        this.#key = createSecretKey(key);
    }

    issue(user: UserView): { token: string; expiresAt: string } {
        const token = jwt.sign({ role: user.role, org: user.org }, this.#key, { algorithm: 'HS256', expiresIn: this.#ttlSeconds, subject: user.username, issuer: ISSUER });
        const { exp } = jwt.decode(token) as { exp: number };
        return { token, expiresAt: new Date(exp * 1000).toISOString() };
    }

    /** The user a token names; throws {@link AuthenticationError} when expired, tampered or malformed. */
    verify(token: string): UserView {
        let claims: jwt.JwtPayload;
        try {
            claims = jwt.verify(token, this.#key, { algorithms: ['HS256'], issuer: ISSUER }) as jwt.JwtPayload;
        } catch (error) {
            if (error instanceof jwt.TokenExpiredError) {
                throw new AuthenticationError('TOKEN_EXPIRED', `the token expired at ${error.expiredAt.toISOString()}; sign in again`);
            }
            throw new AuthenticationError('TOKEN_INVALID', `the token is not valid: ${(error as Error).message}`);
        }
        if (typeof claims.sub !== 'string' || !USER_ROLES.includes(claims.role) || typeof claims.org !== 'string') {
            throw new AuthenticationError('TOKEN_INVALID', 'the token does not name a user, role and organization');
        }
        return { username: claims.sub, role: claims.role, org: claims.org };
    }
}
