/**
 * Whether `url` names a telemetry store this build can open besides the embedded SQLite file:
 * a PostgreSQL database (`postgres://` or `postgresql://`).
 *
 * @example
 * isTelemetryStoreUrl('postgres://coldtrace@db:5432/telemetry'); // true
 */
export function isTelemetryStoreUrl(url: string): boolean {
    return /^postgres(ql)?:\/\/./.test(url);
}

/**
 * The URL with its password masked, for messages and logs.
 *
 * @example
 * redactPassword('postgres://app:secret@db/telemetry'); // 'postgres://app:***@db/telemetry'
 */
export function redactPassword(url: string): string {
    return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
