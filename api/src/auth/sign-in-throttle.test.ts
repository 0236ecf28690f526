import assert from 'node:assert/strict';
import { SignInLockedError } from './sign-in-locked-error';
import { SignInThrottle } from './sign-in-throttle';

describe('SignInThrottle', () => {
    const T0 = Date.parse('2030-06-01T12:00:00Z');
    let now: number;
    const clock = () => now;
    beforeEach(() => {
        now = T0;
    });

    const fail = (throttle: SignInThrottle, username: string, address: string) => void throttle.begin(username, address);
    const succeed = (throttle: SignInThrottle, username: string, address: string) => throttle.begin(username, address).succeeded();
    const lockOf = (call: () => unknown): SignInLockedError => {
        try {
            call();
        } catch (error) {
            assert.ok(error instanceof SignInLockedError, String(error));
            return error;
        }
        assert.fail('the sign-in was not locked');
    };

    it('never counts successful sign-ins: a hundred in a row from one address all go through', () => {
        const throttle = new SignInThrottle({ failuresPerAccount: 3, failuresPerAddress: 5, now: clock });
        for (let i = 0; i < 100; i++) {
            succeed(throttle, 'alice', '10.0.0.1');
        }
        fail(throttle, 'alice', '10.0.0.1');
        fail(throttle, 'alice', '10.0.0.1');
        succeed(throttle, 'alice', '10.0.0.1');
    });

    it('locks an account after its limit of failures from any addresses, and says when to retry', () => {
        const throttle = new SignInThrottle({ failuresPerAccount: 3, failuresPerAddress: 100, windowSeconds: 900, now: clock });
        fail(throttle, 'alice', '10.0.0.1');
        now += 60_000;
        fail(throttle, 'alice', '10.0.0.2');
        now += 60_000;
        fail(throttle, 'alice', '10.0.0.3');
        now += 30_000;
        const lock = lockOf(() => throttle.begin('ALICE', '10.0.0.4'));
        assert.equal(lock.scope, 'account');
        assert.equal(lock.status, 429);
        assert.equal(lock.code, 'RATE_LIMITED');
        // The first failure (T0) leaves the window at T0 + 15 min: 12.5 minutes from now.
        assert.equal(lock.retryAt.toISOString(), new Date(T0 + 900_000).toISOString());
        assert.equal(lock.retryAfterSeconds, 750);
        assert.match(lock.message, /for this account; try again in 13 minutes, at 2030-06-01T12:15:00.000Z/);
        // Other accounts at those addresses are not affected.
        succeed(throttle, 'bob', '10.0.0.4');
        // Refused attempts do not extend the lock; once the oldest failure ages out, one more try is allowed.
        now = T0 + 900_000;
        fail(throttle, 'alice', '10.0.0.4');
        assert.equal(lockOf(() => throttle.begin('alice', '10.0.0.4')).retryAt.getTime(), T0 + 60_000 + 900_000);
    });

    it('locks an address after its limit of failures over any accounts, whatever usernames it rotates', () => {
        const throttle = new SignInThrottle({ failuresPerAccount: 3, failuresPerAddress: 5, windowSeconds: 600, now: clock });
        for (let i = 0; i < 5; i++) {
            fail(throttle, `guess-${i}`, '203.0.113.9');
            now += 1_000;
        }
        const lock = lockOf(() => throttle.begin('alice', '203.0.113.9'));
        assert.equal(lock.scope, 'address');
        assert.equal(lock.retryAfterSeconds, 595);
        assert.match(lock.message, /from this address/);
        succeed(throttle, 'alice', '203.0.113.10');
    });

    it('clears an account’s failures on the right password, but not its address’s', () => {
        const throttle = new SignInThrottle({ failuresPerAccount: 3, failuresPerAddress: 4, now: clock });
        fail(throttle, 'alice', '10.0.0.1');
        fail(throttle, 'alice', '10.0.0.1');
        succeed(throttle, 'alice', '10.0.0.1');
        fail(throttle, 'alice', '10.0.0.1');
        fail(throttle, 'alice', '10.0.0.1');
        // Four failures from the address, interleaved with a success, still lock the address.
        assert.equal(lockOf(() => throttle.begin('carol', '10.0.0.1')).scope, 'address');
    });

    it('counts an attempt from the moment it begins, so parallel guesses cannot slip in together', () => {
        const throttle = new SignInThrottle({ failuresPerAccount: 2, now: clock });
        const [first] = [throttle.begin('alice', '10.0.0.1'), throttle.begin('alice', '10.0.0.2')];
        lockOf(() => throttle.begin('alice', '10.0.0.3'));
        first.succeeded();
        succeed(throttle, 'alice', '10.0.0.3');
    });

    it('forgets accounts and addresses whose failures left the window', () => {
        const throttle = new SignInThrottle({ windowSeconds: 60, now: clock });
        for (let i = 0; i < 20; i++) {
            fail(throttle, `user-${i}`, `10.0.0.${i}`);
        }
        assert.equal(throttle.tracked, 40);
        now += 61_000;
        fail(throttle, 'alice', '10.0.1.1');
        assert.equal(throttle.tracked, 2);
    });

    it('refuses limits that are not whole numbers of at least one', () => {
        assert.throws(() => new SignInThrottle({ failuresPerAccount: 0 }), RangeError);
        assert.throws(() => new SignInThrottle({ failuresPerAddress: 2.5 }), RangeError);
        assert.throws(() => new SignInThrottle({ windowSeconds: 0 }), RangeError);
    });
});
