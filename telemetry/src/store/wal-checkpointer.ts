import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** How often the checkpointer copies the write-ahead log into the database file; default 100 ms. */
export interface WalCheckpointerOptions {
    intervalMs?: number;
}

/** What the checkpointer thread is started with. */
export interface WalCheckpointerWorkerData {
    path: string;
    intervalMs: number;
}

/**
 * Copies a SQLite database's write-ahead log back into the database file (a passive checkpoint)
 * from a thread of its own, with its own connection. By default SQLite does this inside the commit
 * that grows the log past 1,000 pages, on the committing thread: for the telemetry store that was
 * the event loop the broker and the detector share, and a large part of a group commit's CPU. The
 * connection that writes sets `wal_autocheckpoint = 0` and leaves it to this. A passive checkpoint
 * never blocks writers or readers and syncs the database file before the log is reused, so no
 * commit loses durability; should the thread fall behind or fail, the next connection whose commit
 * finds the log long enough checkpoints it as before.
 *
 * @example
 * const checkpointer = new WalCheckpointer('data/telemetry/telemetry.db');
 * // … writes with wal_autocheckpoint = 0 …
 * await checkpointer.close();
 */
export class WalCheckpointer {
    /** Why the last checkpoint failed, if one did (for logs and health checks). */
    lastError: string | undefined;
    readonly #worker: Worker;
    readonly #exited: Promise<void>;

    constructor(path: string, options: WalCheckpointerOptions = {}) {
        const workerData: WalCheckpointerWorkerData = { path, intervalMs: options.intervalMs ?? 100 };
        this.#worker = new Worker(join(__dirname, 'wal-checkpointer-worker.js'), { workerData });
        this.#worker.on('message', (message: { error?: string }) => (this.lastError = message.error));
        this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
        this.#worker.on('error', (error) => (this.lastError = error.message));
        // A store left open must not keep the process alive for the sake of its checkpoints.
        this.#worker.unref();
    }

    /** Stops after the checkpoint in progress and closes the thread's connection. */
    async close(): Promise<void> {
        // Waiting for the thread to end is what keeps the process alive now.
        this.#worker.ref();
        this.#worker.postMessage('stop');
        await this.#exited;
    }
}
