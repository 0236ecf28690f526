import type { Request } from 'express';
import { AuthenticationError, type TokenService, type UserDirectory } from '../auth';
import type { UserIdentities } from '../identity/user-identities';
import type { Caller } from './caller';

/**
 * Ties a request to its user: a bearer token (or, for EventSource, which cannot set headers, an
 * `access_token` query parameter) naming a user who still exists, and that user's own identity.
 *
 * @example
 * const caller = await authenticator.caller(req); // throws AuthenticationError (401)
 */
export class Authenticator {
    constructor(
        private readonly tokens: TokenService,
        private readonly users: UserDirectory,
        private readonly identities: UserIdentities,
    ) {}

    async caller(req: Request, options: { allowQueryToken?: boolean } = {}): Promise<Caller> {
        const token = bearerToken(req) ?? (options.allowQueryToken ? queryToken(req) : undefined);
        if (!token) {
            throw new AuthenticationError('UNAUTHENTICATED', 'sign in first: send Authorization: Bearer <token> from POST /api/v1/auth/login');
        }
        const claimed = this.tokens.verify(token);
        const user = this.users.find(claimed.username);
        if (!user || user.org !== claimed.org || user.role !== claimed.role) {
            throw new AuthenticationError('TOKEN_INVALID', `user ${claimed.username} no longer exists with that role; sign in again`);
        }
        return { user, identity: await this.identities.of(user) };
    }

    /** A user acting without a request (an EPCIS subscription delivering on its behalf); undefined once the user is gone. */
    async callerNamed(username: string): Promise<Caller | undefined> {
        const user = this.users.find(username);
        return user && { user, identity: await this.identities.of(user) };
    }
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
