import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The database has no write-ahead log to flush: it is not in WAL mode, so a commit cannot be made durable this way. */
export class MissingWalError extends Error {
    constructor(readonly walPath: string) {
        super(`no write-ahead log at ${walPath}: the database is not in WAL mode, so its commits cannot be flushed by a WAL sync`);
        this.name = 'MissingWalError';
    }
}

/**
 * Makes a SQLite database's committed transactions durable by flushing its write-ahead log to disk
 * on libuv's thread pool, so the event loop never waits for the disk. Meant for a connection with
 * `synchronous = NORMAL`: SQLite then commits into the WAL without syncing it (checkpoints still
 * sync), and a commit is durable once {@link sync} resolves after it, as with `synchronous = FULL`.
 * fsync works on the file, whichever descriptor asks, so one sync covers every commit before it,
 * from any connection. The log's directory is flushed too when its file is new to this object (a
 * freshly created log would otherwise not survive a power cut).
 *
 * @example
 * const wal = new WalSync('data/telemetry/telemetry.db');
 * database.transaction(() => insertAll(rows))();
 * await wal.sync(); // only now acknowledge the rows
 */
export class WalSync {
    readonly #walPath: string;
    #handle: Promise<FileHandle> | undefined;

    constructor(databasePath: string) {
        this.#walPath = `${databasePath}-wal`;
    }

    /** Flushes every commit made so far to disk. */
    async sync(): Promise<void> {
        const handle = await (this.#handle ??= this.#open());
        await handle.sync();
    }

    /** Lets go of the log's file; call after the last sync, before or after the database closes. */
    async close(): Promise<void> {
        const handle = this.#handle;
        this.#handle = undefined;
        await (await handle?.catch(() => undefined))?.close();
    }

    async #open(): Promise<FileHandle> {
        let handle: FileHandle | undefined;
        try {
            handle = await open(this.#walPath, 'r');
            // SQLite keeps the log (same file) while a connection is open, so its directory entry is flushed once.
            await syncDirectory(dirname(this.#walPath));
            return handle;
        } catch (error) {
            // The next sync tries again.
            this.#handle = undefined;
            await handle?.close();
            throw (error as NodeJS.ErrnoException).code === 'ENOENT' ? new MissingWalError(this.#walPath) : error;
        }
    }
}

async function syncDirectory(dir: string): Promise<void> {
    let handle: FileHandle | undefined;
    try {
        handle = await open(dir, 'r');
        await handle.sync();
    } catch (error) {
        // Some platforms (Windows) cannot open or flush a directory; there the file system orders it.
        if (!['EISDIR', 'EPERM', 'EINVAL', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '')) {
            throw error;
        }
    } finally {
        await handle?.close();
    }
}
