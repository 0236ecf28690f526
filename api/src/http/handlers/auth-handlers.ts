import { AuthenticationError, type OidcTokenVerifier, type SignInThrottle, type TokenService, type UserDirectory } from '../../auth';
import { HttpError } from '../http-error';
import type { RouteHandlers } from './route-handlers';

/**
 * Sign-in: a bcrypt check against the user directory, answered with a signed, expiring token. The
 * throttle refuses (429) while the account or the caller's address has too many recent failures.
 * People of an organization with an OpenID provider sign in there instead: the sign-in page lists
 * the providers, and the code its callback receives is exchanged here for the provider's token.
 */
export function authHandlers(
    users: UserDirectory,
    tokens: TokenService,
    throttle: SignInThrottle,
    onFailure: () => void,
    providers: readonly OidcTokenVerifier[] = [],
): RouteHandlers<'login' | 'me' | 'signInProviders' | 'oidcSignIn'> {
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
        // A provider that cannot be reached right now is left off the page; the others still sign in.
        signInProviders: async () =>
            (
                await Promise.allSettled(
                    providers.map(async (provider) => {
                        const { authorization_endpoint } = await provider.metadata();
                        const { issuer, clientId, scope, label } = provider.config;
                        return { org: provider.org, label: label ?? provider.org, issuer, authorizationEndpoint: authorization_endpoint, clientId, scope: scope ?? 'openid' };
                    }),
                )
            ).flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : [])),
        oidcSignIn: async ({ body }) => {
            const provider = providers.find((p) => p.org === body.org);
            if (!provider) {
                throw new HttpError(404, 'NOT_FOUND', `${body.org} has no OpenID provider configured on this node; sign in with a password`);
            }
            try {
                return await provider.exchange(body.code, body.codeVerifier, body.redirectUri);
            } catch (error) {
                if (error instanceof AuthenticationError) {
                    onFailure();
                }
                throw error;
            }
        },
    };
}
