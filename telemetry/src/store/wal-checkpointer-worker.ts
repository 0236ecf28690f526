import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { WalCheckpointerWorkerData } from './wal-checkpointer';

// The thread behind WalCheckpointer: a passive checkpoint every interval, until told to stop.
const { path, intervalMs } = workerData as WalCheckpointerWorkerData;
const database = new Database(path);
let failed = false;
const timer = setInterval(() => {
    try {
        database.pragma('wal_checkpoint(PASSIVE)');
        if (failed) {
            failed = false;
            parentPort!.postMessage({ error: undefined });
        }
    } catch (error) {
        failed = true;
        parentPort!.postMessage({ error: (error as Error).message });
    }
}, intervalMs);
parentPort!.on('message', () => {
    clearInterval(timer);
    database.close();
    parentPort!.close();
});
