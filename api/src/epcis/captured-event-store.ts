import Database from 'better-sqlite3';
import type { EpcisEventHash } from '@coldtrace/chaincode/model';
import { createPrivateFile } from '@coldtrace/telemetry';
import type { EpcisEvent } from './epcis-event-source';
import type { EpcisValidationIssue } from './epcis-validation-issue';

/** A partner's event as the node keeps it: the event as captured, its hash, who captured it. */
export interface CapturedEvent {
    event: EpcisEvent;
    hash: EpcisEventHash;
    /** The capturing organization (MSP ID). */
    org: string;
    captureId: string;
    /** When this node stored it (EPCIS recordTime). */
    recordTime: string;
}

/** A capture job, as GET /epcis/capture/{id} reports it. */
export interface CaptureJob {
    captureID: string;
    org: string;
    createdAt: string;
    running: boolean;
    success: boolean;
    captureErrorBehaviour: 'rollback';
    errors: EpcisValidationIssue[];
    eventCount: number;
}

/** An event of a capture that is already stored under the same eventID with other content. */
export class EventIdConflictError extends Error {
    override name = 'EventIdConflictError';

    constructor(
        readonly eventID: string,
        readonly index: number,
    ) {
        super(`event ${index}: eventID ${eventID} was captured before by this organization with other content; an event that corrects it carries an errorDeclaration`);
    }
}

/**
 * The off-chain store of captured EPCIS events and capture jobs (SQLite in the node's data
 * directory, 0600). Events are kept as captured; an organization's eventIDs are unique to it except
 * for error declarations, which EPCIS sends under the eventID they correct.
 *
 * @example
 * const store = openCapturedEventStore('data/epcis-events.db');
 * store.insertAll(captured); // all or nothing
 */
export interface CapturedEventStore {
    /**
     * Stores a capture's events in one SQLite transaction: all or none. An event already stored by
     * the same organization with the same hash is a retry and skipped; one whose eventID the
     * organization used for other content is refused (EventIdConflictError) unless it is an error
     * declaration. Answers how many events were new; `dryRun` checks the same and stores nothing.
     */
    insertAll(events: readonly CapturedEvent[], options?: { dryRun?: boolean }): number;
    /** Whether any organization's event carries this eventID. */
    hasEventId(eventID: string): boolean;
    /** Stored events in ascending eventTime then eventID order; `eventID` narrows to one id. */
    scan(eventID?: string): Generator<CapturedEvent>;
    createJob(captureId: string, org: string, createdAt: string, eventCount: number): void;
    /** Ends a job: succeeded without `errors`, else failed with them. */
    finishJob(captureId: string, errors: readonly EpcisValidationIssue[]): void;
    job(captureId: string): CaptureJob | undefined;
    /** Jobs a restart interrupted cannot finish: they are failed, and their events were never stored. */
    failInterruptedJobs(): void;
    /** For tests of verification: what an attacker with the database file could do. */
    tamper(eventID: string, change: (event: EpcisEvent) => EpcisEvent): void;
    close(): void;
}

/** Opens (or creates) the {@link CapturedEventStore} at `path`, a 0600 SQLite file (or `:memory:`). */
export function openCapturedEventStore(path: string): CapturedEventStore {
    return SqliteCapturedEventStore.open(path);
}

class SqliteCapturedEventStore implements CapturedEventStore {
    readonly #db: Database.Database;

    private constructor(db: Database.Database) {
        this.#db = db;
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.exec(`
            CREATE TABLE IF NOT EXISTS captured_event (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                event_id TEXT NOT NULL,
                hash TEXT NOT NULL,
                org TEXT NOT NULL,
                capture_id TEXT NOT NULL,
                event_time TEXT NOT NULL,
                record_time TEXT NOT NULL,
                declaration INTEGER NOT NULL,
                event TEXT NOT NULL,
                UNIQUE (org, hash)
            );
            CREATE INDEX IF NOT EXISTS captured_event_by_id ON captured_event (event_id);
            CREATE INDEX IF NOT EXISTS captured_event_by_time ON captured_event (event_time, event_id);
            CREATE TABLE IF NOT EXISTS capture_job (
                capture_id TEXT PRIMARY KEY,
                org TEXT NOT NULL,
                created_at TEXT NOT NULL,
                state TEXT NOT NULL,
                errors TEXT NOT NULL,
                event_count INTEGER NOT NULL
            );
        `);
    }

    static open(path: string): SqliteCapturedEventStore {
        if (path !== ':memory:') {
            createPrivateFile(path, ['-wal', '-shm', '-journal']);
        }
        return new SqliteCapturedEventStore(new Database(path));
    }

    insertAll(events: readonly CapturedEvent[], options: { dryRun?: boolean } = {}): number {
        const sameId = this.#db.prepare<[string, string], { hash: string }>('SELECT hash FROM captured_event WHERE org = ? AND event_id = ?');
        const insert = this.#db.prepare(
            `INSERT INTO captured_event (event_id, hash, org, capture_id, event_time, record_time, declaration, event)
             VALUES (@eventId, @hash, @org, @captureId, @eventTime, @recordTime, @declaration, @event) ON CONFLICT (org, hash) DO NOTHING`,
        );
        const insertEvents = this.#db.transaction(() => {
            let added = 0;
            events.forEach((captured, index) => {
                const { event } = captured;
                const declaration = event.errorDeclaration !== undefined;
                const earlier = sameId.all(captured.org, event.eventID);
                if (!declaration && earlier.some((row) => row.hash !== captured.hash)) {
                    throw new EventIdConflictError(event.eventID, index);
                }
                const result = insert.run({
                    eventId: event.eventID,
                    hash: captured.hash,
                    org: captured.org,
                    captureId: captured.captureId,
                    eventTime: new Date(event.eventTime).toISOString(),
                    recordTime: captured.recordTime,
                    declaration: declaration ? 1 : 0,
                    event: JSON.stringify(event),
                });
                added += result.changes;
            });
            if (options.dryRun) {
                throw new DryRunRollback(added);
            }
            return added;
        });
        try {
            return insertEvents();
        } catch (error) {
            if (error instanceof DryRunRollback) {
                return error.added;
            }
            throw error;
        }
    }

    hasEventId(eventID: string): boolean {
        return this.#db.prepare('SELECT 1 FROM captured_event WHERE event_id = ? LIMIT 1').get(eventID) !== undefined;
    }

    *scan(eventID?: string): Generator<CapturedEvent> {
        const rows = eventID
            ? this.#db.prepare<[string], Row>('SELECT * FROM captured_event WHERE event_id = ? ORDER BY event_time, event_id, seq').iterate(eventID)
            : this.#db.prepare<[], Row>('SELECT * FROM captured_event ORDER BY event_time, event_id, seq').iterate();
        for (const row of rows) {
            yield { event: JSON.parse(row.event) as EpcisEvent, hash: row.hash, org: row.org, captureId: row.capture_id, recordTime: row.record_time };
        }
    }

    createJob(captureId: string, org: string, createdAt: string, eventCount: number): void {
        this.#db.prepare("INSERT INTO capture_job VALUES (?, ?, ?, 'running', '[]', ?)").run(captureId, org, createdAt, eventCount);
    }

    finishJob(captureId: string, errors: readonly EpcisValidationIssue[]): void {
        this.#db.prepare('UPDATE capture_job SET state = ?, errors = ? WHERE capture_id = ?').run(errors.length ? 'failed' : 'succeeded', JSON.stringify(errors), captureId);
    }

    job(captureId: string): CaptureJob | undefined {
        const row = this.#db.prepare<[string], JobRow>('SELECT * FROM capture_job WHERE capture_id = ?').get(captureId);
        return (
            row && {
                captureID: row.capture_id,
                org: row.org,
                createdAt: row.created_at,
                running: row.state === 'running',
                success: row.state === 'succeeded',
                captureErrorBehaviour: 'rollback',
                errors: JSON.parse(row.errors) as EpcisValidationIssue[],
                eventCount: row.event_count,
            }
        );
    }

    failInterruptedJobs(): void {
        this.#db
            .prepare("UPDATE capture_job SET state = 'failed', errors = ? WHERE state = 'running'")
            .run(JSON.stringify([{ path: '', rule: 'capture:interrupted', message: 'the node restarted before this capture finished; capture the document again' }]));
    }

    tamper(eventID: string, change: (event: EpcisEvent) => EpcisEvent): void {
        const row = this.#db.prepare<[string], Row>('SELECT * FROM captured_event WHERE event_id = ? ORDER BY seq LIMIT 1').get(eventID);
        if (row) {
            this.#db.prepare('UPDATE captured_event SET event = ? WHERE seq = ?').run(JSON.stringify(change(JSON.parse(row.event) as EpcisEvent)), row.seq);
        }
    }

    close(): void {
        this.#db.close();
    }
}

/** Ends a dry run's transaction, so SQLite rolls it back. */
class DryRunRollback extends Error {
    constructor(readonly added: number) {
        super('dry run');
    }
}

interface Row {
    seq: number;
    event_id: string;
    hash: string;
    org: string;
    capture_id: string;
    event_time: string;
    record_time: string;
    event: string;
}

interface JobRow {
    capture_id: string;
    org: string;
    created_at: string;
    state: string;
    errors: string;
    event_count: number;
}
