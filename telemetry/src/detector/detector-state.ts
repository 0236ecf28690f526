import type Database from 'better-sqlite3';
import type { SensorHead } from '../store/telemetry-store';
import type { DetectedExcursion, DetectionCheckpoint } from './excursion-detection';

/** Where detection of one (shipment, sensor) restarts. */
export interface SensorCheckpoint {
    shipmentId: string;
    sensorId: string;
    checkpoint: DetectionCheckpoint;
}

/**
 * What the detector has done, in the node's state database (the readings are the store's): per (shipment, sensor) the checkpoint
 * detection restarts from, and per excursion whether it was recorded open or closed on the
 * ledger. Written only after the ledger committed, so a crash repeats work (idempotent on the
 * ledger) but never skips it.
 */
export class DetectorState {
    readonly #getCheckpoint: Database.Statement;
    readonly #putCheckpoint: Database.Statement;
    readonly #getRecorded: Database.Statement;
    readonly #putRecorded: Database.Statement;
    /** Checkpoints not written yet, by (shipment, sensor): newer than the table's. */
    readonly #pending = new Map<string, SensorCheckpoint>();
    #pendingSince: number | undefined;

    /**
     * `checkpointFlushMs`: how long checkpoints may wait in memory before one commit writes them all.
     * A checkpoint is only where detection restarts; losing the newest in a crash repeats detection
     * from an older one, which records nothing twice (recorded excursions are kept apart, at once, and
     * the ledger refuses a second record), so it need not cost a synced commit per batch. 0 writes at once.
     */
    readonly #database: Database.Database;
    readonly #options: { checkpointFlushMs?: number; clock?: () => number };

    constructor(database: Database.Database, options: { checkpointFlushMs?: number; clock?: () => number } = {}) {
        this.#database = database;
        this.#options = options;
        database.exec(`
            CREATE TABLE IF NOT EXISTS detector_checkpoints (
                shipment_id TEXT NOT NULL, sensor_id TEXT NOT NULL, ts_ms INTEGER NOT NULL, seq INTEGER NOT NULL,
                PRIMARY KEY (shipment_id, sensor_id)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS recorded_excursions (
                excursion_id TEXT PRIMARY KEY, shipment_id TEXT NOT NULL, status TEXT NOT NULL, tx_id TEXT NOT NULL
            ) WITHOUT ROWID;
        `);
        this.#getCheckpoint = database.prepare('SELECT ts_ms AS tsMs, seq FROM detector_checkpoints WHERE shipment_id = ? AND sensor_id = ?');
        this.#putCheckpoint = database.prepare('INSERT OR REPLACE INTO detector_checkpoints (shipment_id, sensor_id, ts_ms, seq) VALUES (?, ?, ?, ?)');
        this.#getRecorded = database.prepare('SELECT status FROM recorded_excursions WHERE excursion_id = ?');
        this.#putRecorded = database.prepare('INSERT OR REPLACE INTO recorded_excursions (excursion_id, shipment_id, status, tx_id) VALUES (?, ?, ?, ?)');
    }

    checkpoint(shipmentId: string, sensorId: string): DetectionCheckpoint | undefined {
        return this.#pending.get(`${shipmentId}\u0000${sensorId}`)?.checkpoint ?? (this.#getCheckpoint.get(shipmentId, sensorId) as DetectionCheckpoint | undefined);
    }

    /**
     * Saves checkpoints: kept in memory and written in one transaction (with synchronous=FULL each
     * commit waits for the disk) once the oldest has waited `checkpointFlushMs`.
     */
    saveCheckpoints(checkpoints: readonly SensorCheckpoint[]): void {
        const now = (this.#options.clock ?? Date.now)();
        for (const saved of checkpoints) {
            this.#pending.set(`${saved.shipmentId}\u0000${saved.sensorId}`, saved);
        }
        if (this.#pending.size > 0) {
            this.#pendingSince ??= now;
            if (now - this.#pendingSince >= (this.#options.checkpointFlushMs ?? 0)) {
                this.flush();
            }
        }
    }

    /** Writes the checkpoints waiting in memory (on stop, and when they have waited long enough). */
    flush(): void {
        const pending = [...this.#pending.values()];
        this.#pending.clear();
        this.#pendingSince = undefined;
        if (pending.length === 0) {
            return;
        }
        this.#database.transaction(() => {
            for (const { shipmentId, sensorId, checkpoint } of pending) {
                this.#putCheckpoint.run(shipmentId, sensorId, checkpoint.tsMs, checkpoint.seq);
            }
        })();
    }

    /** How far the ledger already has this excursion: not at all, open, or closed. */
    recorded(excursionId: string): 'open' | 'closed' | undefined {
        return (this.#getRecorded.get(excursionId) as { status: 'open' | 'closed' } | undefined)?.status;
    }

    saveRecorded(excursion: DetectedExcursion, txId: string): void {
        this.#putRecorded.run(excursion.excursionId, excursion.shipmentId, excursion.endAt ? 'closed' : 'open', txId);
    }

    /** Of the store's newest readings per (shipment, sensor), those past their checkpoint: work left over from a stop. */
    unfinished(heads: readonly SensorHead[]): SensorHead[] {
        return heads.filter((head) => {
            const at = this.checkpoint(head.shipmentId, head.sensorId);
            return !at || head.tsMs > at.tsMs || (head.tsMs === at.tsMs && head.seq > at.seq);
        });
    }
}
