/** Why a request could not be tied to a user: no token, a bad one, or wrong credentials. All answer 401. */
export class AuthenticationError extends Error {
    override name = 'AuthenticationError';
    readonly status = 401;

    constructor(
        readonly code: 'UNAUTHENTICATED' | 'TOKEN_EXPIRED' | 'TOKEN_INVALID' | 'BAD_CREDENTIALS',
        message: string,
    ) {
        super(message);
    }
}
