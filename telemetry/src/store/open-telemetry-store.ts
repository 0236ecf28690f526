import { PostgresTelemetryStore } from './postgres-telemetry-store';
import type { ReadingWindowOptions } from './reading-windows';
import { SqliteTelemetryStore } from './sqlite-telemetry-store';
import { isTelemetryStoreUrl, redactPassword } from './telemetry-store-url';
import type { TelemetryStore } from './telemetry-store';

/** Windowing, and where the readings live: without `url` the embedded SQLite file, with `postgres://…` a PostgreSQL database. */
export interface TelemetryStoreOptions extends ReadingWindowOptions {
    url?: string;
}

/** A telemetry store location this build cannot open: says which ones it can. */
export class UnsupportedTelemetryStoreError extends Error {
    constructor(readonly url: string) {
        super(`unsupported telemetry store ${redactPassword(url)}: give a postgres:// or postgresql:// URL, or none for the embedded SQLite store`);
        this.name = 'UnsupportedTelemetryStoreError';
    }
}

/**
 * Opens the configured telemetry store: PostgreSQL when `options.url` is a `postgres://` URL,
 * else SQLite at `sqlitePath`. Both give the same readings, leaf hashes, window digests and Merkle roots.
 *
 * @example
 * const store = await openTelemetryStore('data/telemetry/telemetry.db', { url: process.env.COLDTRACE_TELEMETRY_DATABASE_URL });
 */
export async function openTelemetryStore(sqlitePath: string, options: TelemetryStoreOptions = {}): Promise<TelemetryStore> {
    const { url, ...windows } = options;
    if (url === undefined || url === '') {
        return SqliteTelemetryStore.open(sqlitePath, windows);
    }
    if (!isTelemetryStoreUrl(url)) {
        throw new UnsupportedTelemetryStoreError(url);
    }
    return PostgresTelemetryStore.connect(url, windows);
}
