const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['year', 365 * 24 * 3600],
    ['month', 30 * 24 * 3600],
    ['week', 7 * 24 * 3600],
    ['day', 24 * 3600],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
];

/**
 * Says how long ago (or how far ahead) a time is, in the largest unit that fits, as the
 * workshop's products table shows step times ("3 minutes ago", "2 日前").
 *
 * @example
 * formatRelative('2026-11-22T10:00:00Z', new Date('2026-11-22T10:03:00Z'), 'en'); // '3 minutes ago'
 */
export function formatRelative(at: string, now: Date, locale: string): string {
    const seconds = Math.round((Date.parse(at) - now.getTime()) / 1000);
    if (!Number.isFinite(seconds)) {
        return '';
    }
    const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    for (const [unit, size] of UNITS) {
        if (Math.abs(seconds) >= size || unit === 'second') {
            return format.format(Math.trunc(seconds / size), unit);
        }
    }
    return '';
}

/**
 * A time as the reader's locale writes it, to the second.
 *
 * @example
 * formatDateTime('2026-11-22T10:00:00Z', 'en'); // 'Nov 22, 2026, 10:00:00 AM' in a UTC browser
 */
export function formatDateTime(at: string, locale: string): string {
    const date = new Date(at);
    return Number.isNaN(date.getTime()) ? at : date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'medium' });
}
