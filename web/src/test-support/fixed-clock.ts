import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Pins `Date` (and only `Date`: timers and promises still run) to `iso` for every test of the
 * enclosing suite, so relative times such as "3 minutes ago" read the same on any day the suite runs.
 *
 * @example
 * describe('ProductsTable', () => { useFixedClock('2026-11-22T10:03:00Z'); … });
 */
export function useFixedClock(iso: string): void {
    beforeEach(() => {
        vi.useFakeTimers({ now: new Date(iso), toFake: ['Date'] });
    });
    afterEach(() => {
        vi.useRealTimers();
    });
}
