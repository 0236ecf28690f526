import { describe, expect, it } from 'vitest';
import { formatRelative } from './relative-time';

describe('formatRelative', () => {
    const now = new Date('2026-11-22T10:00:00Z');

    it('says how long ago in the largest unit that fits', () => {
        expect(formatRelative('2026-11-22T09:57:00Z', now, 'en')).toBe('3 minutes ago');
        expect(formatRelative('2026-11-20T10:00:00Z', now, 'en')).toBe('2 days ago');
        expect(formatRelative('2026-11-22T09:59:58Z', now, 'en')).toBe('2 seconds ago');
    });

    it('speaks Japanese', () => {
        expect(formatRelative('2026-11-22T07:00:00Z', now, 'ja')).toBe('3 時間前');
    });

    it('handles future times and bad input', () => {
        expect(formatRelative('2026-11-22T11:00:00Z', now, 'en')).toBe('in 1 hour');
        expect(formatRelative('not a date', now, 'en')).toBe('');
    });
});
