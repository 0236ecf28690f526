/**
 * Sign-in refused without looking at the password: too many recent failures for the account or
 * from the client's address. Answers 429 with `Retry-After`.
 *
 * @example
 * throw new SignInLockedError('account', new Date('2026-01-01T10:15:00Z'), 900);
 */
export class SignInLockedError extends Error {
    override name = 'SignInLockedError';
    readonly status = 429;
    readonly code = 'RATE_LIMITED';

    constructor(
        readonly scope: 'account' | 'address',
        readonly retryAt: Date,
        readonly retryAfterSeconds: number,
    ) {
        super(
            `too many failed sign-ins ${scope === 'account' ? 'for this account' : 'from this address'}; ` +
                `try again in ${describeWait(retryAfterSeconds)}, at ${retryAt.toISOString()}`,
        );
    }
}

function describeWait(seconds: number): string {
    if (seconds < 60) {
        return `${seconds} second${seconds === 1 ? '' : 's'}`;
    }
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
