import { AuthenticationError, type SignInThrottle, type TokenService, type UserDirectory } from '../../auth';
import type { RouteHandlers } from './route-handlers';

/**
 * Sign-in: a bcrypt check against the user directory, answered with a signed, expiring token. The
 * throttle refuses (429) while the account or the caller's address has too many recent failures.
 */
export function authHandlers(users: UserDirectory, tokens: TokenService, throttle: SignInThrottle, onFailure: () => void): RouteHandlers<'login' | 'me'> {
    return {
        login: async ({ body }, _caller, req) => {
            const attempt = throttle.begin(body.username, req.ip ?? req.socket.remoteAddress ?? 'unknown');
            const user = await users.authenticate(body.username, body.password);
            if (!user) {
                onFailure();
                throw new AuthenticationError('BAD_CREDENTIALS', 'unknown user or wrong password');
            }
            attempt.succeeded();
            return { ...tokens.issue(user), user };
        },
        me: async (_request, { user }) => user,
    };
}
