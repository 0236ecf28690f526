import Database from 'better-sqlite3';
import type { FeedPosition } from '@coldtrace/ledger-client';
import type { DeliveryState, NotificationDelivery } from '../contract/notification-payloads';
import { createPrivateFile } from '@coldtrace/telemetry';

/** A delivery to write: one notification to one recipient, its text already in the recipient's language. */
export type NewDelivery = Pick<NotificationDelivery, 'notificationId' | 'eventType' | 'kind' | 'channel' | 'target' | 'language' | 'subject'> & {
    /** Whose recipient it is: an organization's MSP ID, or '' for the node's own (COLDTRACE_MAIL_TO, COLDTRACE_WEBHOOK_URL). */
    org: string;
    /** The mail's text, or the webhook's JSON body (signed at each attempt). */
    body: string;
};

/** A delivery the sender is to attempt. */
export interface DueDelivery extends NewDelivery {
    key: string;
    attempts: number;
}

/** A row as SQL hands it over, under the names of {@link NotificationDelivery}; times in epoch milliseconds. */
interface Row extends DueDelivery {
    state: DeliveryState;
    nextAttemptAt: number;
    lastError: string | null;
    createdAt: number;
    deliveredAt: number | null;
}

const COLUMNS = `key, org, notification_id AS notificationId, event_type AS eventType, kind, channel, target, language, subject, body, state, attempts,
    next_attempt_at AS nextAttemptAt, last_error AS lastError, created_at AS createdAt, delivered_at AS deliveredAt`;

/**
 * The durable outbox of notifications: each delivery (one notification, one recipient) is a row
 * written before anything is sent, keyed `<notification>|<channel>|<target>` so an event replayed
 * after a restart adds nothing. With it, the position (block, index) of the last ledger event taken
 * in: the notifier resumes after it, so nothing committed while the server was down is lost.
 *
 * @example
 * const outbox = openNotificationOutbox('data/notifications/outbox.db');
 * outbox.enqueue([delivery], { position: { block: 42, index: 0 }, now: Date.now() });
 * outbox.due(Date.now(), 50); // what to attempt now
 */
export interface NotificationOutbox {
    /**
     * Writes the deliveries of one event (those already there are left alone) and, given the ledger
     * event's position, moves the checkpoint there (never back), in one transaction. Answers how many are new.
     */
    enqueue(deliveries: readonly NewDelivery[], at: { position?: FeedPosition; now: number }): number;
    /** The last ledger event taken in: the notifier resumes after it (a replay of earlier ones adds nothing, by the keys). */
    checkpoint(): FeedPosition | undefined;
    /** Up to `limit` pending deliveries due at `now`, the earliest first. */
    due(now: number, limit: number): DueDelivery[];
    /** When the earliest pending delivery is due, if any is pending. */
    nextDueAt(): number | undefined;
    delivered(key: string, now: number): void;
    /** Records a failed attempt: pending again at `retryAt`, or failed for good without one. */
    attemptFailed(key: string, error: string, retryAt: number | undefined): void;
    /** Makes a failed delivery of `org` pending again, due now; false when it has none by that key. */
    retry(org: string, key: string, now: number): boolean;
    /** One of an organization's deliveries. */
    get(org: string, key: string): NotificationDelivery | undefined;
    /** An organization's deliveries, the newest first. */
    list(org: string, options: { state?: DeliveryState; limit: number }): NotificationDelivery[];
    /** How many deliveries are in each state, for the metrics. */
    counts(): Record<DeliveryState, number>;
    close(): void;
}

/** Opens (or creates) the {@link NotificationOutbox} at `path` as a 0600 file: it holds addresses and what happened to the goods. */
export function openNotificationOutbox(path: string): NotificationOutbox {
    return SqliteNotificationOutbox.open(path);
}

class SqliteNotificationOutbox implements NotificationOutbox {
    readonly #insert: Database.Statement;

    readonly #database: Database.Database;

    private constructor(database: Database.Database) {
        this.#database = database;
        database.pragma('journal_mode = WAL');
        // A power cut may lose the last transactions, deliveries and checkpoint together: their events are replayed.
        database.pragma('synchronous = NORMAL');
        database.exec(`
            CREATE TABLE IF NOT EXISTS deliveries (
                key TEXT PRIMARY KEY, org TEXT NOT NULL, notification_id TEXT NOT NULL, event_type TEXT NOT NULL, kind TEXT NOT NULL,
                channel TEXT NOT NULL, target TEXT NOT NULL, language TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,
                state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL, last_error TEXT,
                created_at INTEGER NOT NULL, delivered_at INTEGER
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (state, next_attempt_at);
            CREATE INDEX IF NOT EXISTS deliveries_by_org ON deliveries (org, created_at);
            CREATE TABLE IF NOT EXISTS checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), block INTEGER NOT NULL, idx INTEGER NOT NULL DEFAULT -1);
        `);
        // An outbox written before positions kept the block only, whose events it replayed: index -1 still does.
        if (!(database.prepare('PRAGMA table_info(checkpoint)').all() as { name: string }[]).some((column) => column.name === 'idx')) {
            database.exec('ALTER TABLE checkpoint ADD COLUMN idx INTEGER NOT NULL DEFAULT -1');
        }
        this.#insert = database.prepare(
            `INSERT OR IGNORE INTO deliveries (key, org, notification_id, event_type, kind, channel, target, language, subject, body, state, next_attempt_at, created_at)
             VALUES (@key, @org, @notificationId, @eventType, @kind, @channel, @target, @language, @subject, @body, 'pending', @now, @now)`,
        );
    }

    static open(path: string): SqliteNotificationOutbox {
        if (path !== ':memory:') {
            createPrivateFile(path, ['-wal', '-shm', '-journal']);
        }
        return new SqliteNotificationOutbox(new Database(path));
    }

    /** The delivery's idempotency key. */
    static keyOf(delivery: Pick<NewDelivery, 'notificationId' | 'channel' | 'target'>): string {
        return `${delivery.notificationId}|${delivery.channel}|${delivery.target}`;
    }

    enqueue(deliveries: readonly NewDelivery[], at: { position?: FeedPosition; now: number }): number {
        let added = 0;
        this.#database.transaction(() => {
            for (const delivery of deliveries) {
                added += this.#insert.run({ ...delivery, key: SqliteNotificationOutbox.keyOf(delivery), now: at.now }).changes;
            }
            if (at.position && at.position.block >= 0) {
                this.#database
                    .prepare(
                        'INSERT INTO checkpoint (id, block, idx) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET block = excluded.block, idx = excluded.idx WHERE (excluded.block, excluded.idx) > (block, idx)',
                    )
                    .run(at.position.block, at.position.index);
            }
        })();
        return added;
    }

    checkpoint(): FeedPosition | undefined {
        return this.#database.prepare('SELECT block, idx AS "index" FROM checkpoint WHERE id = 1').get() as FeedPosition | undefined;
    }

    due(now: number, limit: number): DueDelivery[] {
        return this.#database
            .prepare(`SELECT ${COLUMNS} FROM deliveries WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?`)
            .all(now, limit) as DueDelivery[];
    }

    nextDueAt(): number | undefined {
        return (this.#database.prepare("SELECT MIN(next_attempt_at) AS at FROM deliveries WHERE state = 'pending'").get() as { at: number | null }).at ?? undefined;
    }

    delivered(key: string, now: number): void {
        this.#database.prepare("UPDATE deliveries SET state = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE key = ?").run(now, key);
    }

    attemptFailed(key: string, error: string, retryAt: number | undefined): void {
        this.#database
            .prepare('UPDATE deliveries SET attempts = attempts + 1, last_error = ?, state = ?, next_attempt_at = COALESCE(?, next_attempt_at) WHERE key = ?')
            .run(error.slice(0, 1000), retryAt === undefined ? 'failed' : 'pending', retryAt ?? null, key);
    }

    retry(org: string, key: string, now: number): boolean {
        return (
            this.#database.prepare("UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = ? WHERE key = ? AND org = ? AND state = 'failed'").run(now, key, org)
                .changes > 0
        );
    }

    get(org: string, key: string): NotificationDelivery | undefined {
        const row = this.#database.prepare(`SELECT ${COLUMNS} FROM deliveries WHERE key = ? AND org = ?`).get(key, org) as Row | undefined;
        return row && toView(row);
    }

    list(org: string, options: { state?: DeliveryState; limit: number }): NotificationDelivery[] {
        const rows = this.#database
            .prepare(`SELECT ${COLUMNS} FROM deliveries WHERE org = ? ${options.state ? 'AND state = ?' : ''} ORDER BY created_at DESC, key LIMIT ?`)
            .all(...[org, ...(options.state ? [options.state] : []), options.limit]) as Row[];
        return rows.map(toView);
    }

    counts(): Record<DeliveryState, number> {
        const counts: Record<DeliveryState, number> = { pending: 0, delivered: 0, failed: 0 };
        for (const row of this.#database.prepare('SELECT state, COUNT(*) AS n FROM deliveries GROUP BY state').all() as { state: DeliveryState; n: number }[]) {
            counts[row.state] = row.n;
        }
        return counts;
    }

    close(): void {
        this.#database.close();
    }
}

function toView(row: Row): NotificationDelivery {
    const { org: _org, body: _body, nextAttemptAt, lastError, createdAt, deliveredAt, ...view } = row;
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
        ...view,
        ...(row.state === 'pending' ? { nextAttemptAt: iso(nextAttemptAt) } : {}),
        ...(lastError ? { lastError } : {}),
        createdAt: iso(createdAt),
        ...(deliveredAt !== null ? { deliveredAt: iso(deliveredAt) } : {}),
    };
}
