import { SignInLockedError } from './sign-in-locked-error';

export interface SignInThrottleOptions {
    /** Failed sign-ins for one account (from anywhere) within the window that lock it; default 10. */
    failuresPerAccount?: number;
    /** Failed sign-ins from one client address (for any accounts) within the window that lock it; default 50. */
    failuresPerAddress?: number;
    /** How long a failure counts, in seconds, and so the longest lockout; default 900 (15 minutes). */
    windowSeconds?: number;
    /** Milliseconds since the epoch; tests inject a clock. */
    now?: () => number;
}

/** A sign-in in progress: failed unless it says otherwise. */
export interface SignInAttempt {
    /** The password was right: forgets the account's failures and this attempt's count against the address. */
    succeeded(): void;
}

export const SIGN_IN_DEFAULTS = { failuresPerAccount: 10, failuresPerAddress: 50, windowSeconds: 900 } as const;

/**
 * Counts failed sign-ins — never successful ones — per account and per client address over a
 * sliding window. Either reaching its limit locks it until enough of its failures are older than the
 * window: guessing one account's password from many addresses hits the account's limit, guessing many
 * accounts from one address the address's. A right password clears its account's failures, not its
 * address's, so a caller with one good account cannot reset the count it guesses others under.
 *
 * An attempt counts as failed from the moment it begins, so a burst of parallel guesses cannot all
 * slip in while their passwords are being checked.
 *
 * @example
 * const throttle = new SignInThrottle();
 * const attempt = throttle.begin('alice', req.ip); // throws SignInLockedError (429)
 * if (await users.authenticate('alice', password)) attempt.succeeded();
 */
export class SignInThrottle {
    readonly #limits: Record<'account' | 'address', number>;
    readonly #windowMs: number;
    readonly #now: () => number;
    /** Times of recent failures per key, oldest first, at most the key's limit of them. */
    readonly #failures = new Map<string, number[]>();
    #sweptAt = 0;

    constructor(options: SignInThrottleOptions = {}) {
        this.#limits = { account: options.failuresPerAccount ?? SIGN_IN_DEFAULTS.failuresPerAccount, address: options.failuresPerAddress ?? SIGN_IN_DEFAULTS.failuresPerAddress };
        this.#windowMs = (options.windowSeconds ?? SIGN_IN_DEFAULTS.windowSeconds) * 1000;
        this.#now = options.now ?? Date.now;
        for (const [scope, limit] of Object.entries(this.#limits)) {
            if (!Number.isInteger(limit) || limit < 1) {
                throw new RangeError(`failures per ${scope} must be a whole number of at least 1, not ${limit}`);
            }
        }
        if (!(this.#windowMs >= 1000)) {
            throw new RangeError(`the sign-in window must be at least 1 second, not ${options.windowSeconds}`);
        }
    }

    /**
     * Starts a sign-in: throws {@link SignInLockedError} while the account or the address is locked,
     * otherwise counts the attempt as failed until it reports success.
     */
    begin(username: string, address: string): SignInAttempt {
        const now = this.#now();
        const keys = this.#keys(username, address);
        for (const [scope, key] of keys) {
            const times = this.#recent(key, now);
            if (times.length >= this.#limits[scope]) {
                // Open again once the oldest failure that keeps the count at the limit leaves the window.
                // times.length >= the limit (checked above), so this index is in range.
                const retryAtMs = times[times.length - this.#limits[scope]]! + this.#windowMs;
                throw new SignInLockedError(scope, new Date(retryAtMs), Math.max(1, Math.ceil((retryAtMs - now) / 1000)));
            }
        }
        for (const [scope, key] of keys) {
            const times = this.#recent(key, now);
            times.push(now);
            times.splice(0, Math.max(0, times.length - this.#limits[scope]));
            this.#failures.set(key, times);
        }
        this.#sweep(now);
        const [[, account], [, addressKey]] = keys;
        return {
            succeeded: () => {
                this.#failures.delete(account);
                const times = this.#failures.get(addressKey);
                const index = times?.lastIndexOf(now) ?? -1;
                if (index >= 0) {
                    times!.splice(index, 1);
                }
            },
        };
    }

    #keys(username: string, address: string): [['account', string], ['address', string]] {
        return [
            ['account', accountKey(username)],
            ['address', `address:${address}`],
        ];
    }

    #recent(key: string, now: number): number[] {
        return (this.#failures.get(key) ?? []).filter((at) => at > now - this.#windowMs);
    }

    /** Forgets keys whose failures all left the window, at most once a window, so memory stays bounded. */
    #sweep(now: number): void {
        if (now - this.#sweptAt < this.#windowMs) {
            return;
        }
        this.#sweptAt = now;
        for (const [key, times] of this.#failures) {
            const last = times.at(-1);
            if (last !== undefined && last <= now - this.#windowMs) {
                this.#failures.delete(key);
            }
        }
    }

    /** How many accounts and addresses have failures on record (for tests and metrics). */
    get tracked(): number {
        return this.#failures.size;
    }
}

/** Usernames are lower-case; a guess in other cases counts against the same account. */
function accountKey(username: string): string {
    return `account:${username.trim().toLowerCase()}`;
}
