import { AuthenticationError, type TokenService, type UserDirectory } from '../../auth';
import type { RouteHandlers } from './route-handlers';

/** Sign-in: a bcrypt check against the user directory, answered with a signed, expiring token. */
export function authHandlers(users: UserDirectory, tokens: TokenService, onFailure: () => void): RouteHandlers<'login' | 'me'> {
    return {
        login: async ({ body }) => {
            const user = await users.authenticate(body.username, body.password);
            if (!user) {
                onFailure();
                throw new AuthenticationError('BAD_CREDENTIALS', 'unknown user or wrong password');
            }
            return { ...tokens.issue(user), user };
        },
        me: async (_request, { user }) => user,
    };
}
