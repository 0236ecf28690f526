import Database from 'better-sqlite3';
import { createPrivateFile } from '../files/private-files';

/**
 * The node's own telemetry state, beside the readings: sensor registry, device shadows, shipment
 * directory, detector checkpoints and carriers' telemetry tokens. Each of those modules creates and
 * alone uses its own tables here; the readings and windows belong to the telemetry store (SQLite or
 * PostgreSQL), which no module reaches into.
 */
export type TelemetryStateDatabase = Database.Database;

/**
 * Opens (or creates) the state database at `path`: 0600 with its WAL files, as it holds token
 * records and shipments' sensors; WAL and synchronous=FULL, so a committed checkpoint survives a
 * power cut. The embedded store keeps its readings in the same file through a connection of its own.
 *
 * @example
 * const state = openTelemetryStateDatabase('data/telemetry/telemetry.db');
 * const registry = new SensorRegistry(state, ca);
 */
export function openTelemetryStateDatabase(path: string): TelemetryStateDatabase {
    // SQLite gives the -wal and -shm files the database file's mode, so the file comes first.
    createPrivateFile(path, ['-wal', '-shm', '-journal']);
    const database = new Database(path);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    return database;
}
