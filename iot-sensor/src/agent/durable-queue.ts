import { closeSync, existsSync, fsyncSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDirectory, openPrivateFileForAppend, writePrivateFile } from '../files/private-files';
import { Reading } from '../protocol/reading';

const READINGS_FILE = 'readings.log';
const ACKED_FILE = 'acked.log';
const NEXT_SEQ_FILE = 'next-seq';
// Rewrite the log once this many acknowledged readings sit in it, so it never grows without bound.
const COMPACT_AFTER = 5_000;

export interface DurableQueueOptions {
    /**
     * `always` (default) fsyncs every append and ack before returning: a power cut loses nothing
     * that was recorded. `never` leaves flushing to the OS, for simulators running many sensors.
     */
    sync?: 'always' | 'never';
}

/**
 * The device's store-and-forward queue: readings are appended to a log on disk before anything is
 * sent, and forgotten only when the backend acknowledges them, so a reading survives being
 * offline and a process restart. Sequence numbers keep growing across restarts. Readings carry
 * GPS positions: the directory is the queue's own and kept 0700 (its files 0600), narrowed if an
 * older version left it open to others.
 *
 * @example
 * const queue = DurableQueue.open('/var/lib/coldtrace/T-1');
 * const reading = queue.append({ sensorId: 'T-1', ts, tempC: 4.1, lat, lon });
 * queue.ack([reading.seq]);
 */
export class DurableQueue {
    readonly #pending = new Map<number, Reading>();
    #nextSeq: number;
    #ackedInLog: number;
    #readingsFd: number;
    #ackedFd: number;

    readonly #dir: string;
    readonly #sync: boolean;

    private constructor(dir: string, sync: boolean) {
        this.#dir = dir;
        this.#sync = sync;
        ensurePrivateDirectory(dir);
        const readings = readLines(join(dir, READINGS_FILE)).map((line) => Reading.parse(line));
        const acked = new Set(readLines(join(dir, ACKED_FILE)).flatMap((line) => line as number[]));
        const savedNextSeq = existsSync(join(dir, NEXT_SEQ_FILE)) ? Number(readFileSync(join(dir, NEXT_SEQ_FILE), 'utf8')) : 0;
        this.#nextSeq = readings.reduce((max, r) => Math.max(max, r.seq + 1), savedNextSeq);
        for (const reading of readings.filter((r) => !acked.has(r.seq)).sort((a, b) => a.seq - b.seq)) {
            this.#pending.set(reading.seq, reading);
        }
        this.#ackedInLog = readings.length - this.#pending.size;
        this.#readingsFd = openPrivateFileForAppend(join(dir, READINGS_FILE));
        this.#ackedFd = openPrivateFileForAppend(join(dir, ACKED_FILE));
    }

    static open(dir: string, options: DurableQueueOptions = {}): DurableQueue {
        return new DurableQueue(dir, (options.sync ?? 'always') === 'always');
    }

    /** Gives the reading the next sequence number and stores it durably. */
    append(reading: Omit<Reading, 'seq'>): Reading {
        const stored = Reading.parse({ ...reading, seq: this.#nextSeq });
        this.#write(this.#readingsFd, stored);
        this.#nextSeq += 1;
        this.#pending.set(stored.seq, stored);
        return stored;
    }

    /** Forgets acknowledged readings; unknown or repeated sequence numbers are ignored. */
    ack(seqs: readonly number[]): number {
        const known = seqs.filter((seq) => this.#pending.has(seq));
        if (known.length === 0) {
            return 0;
        }
        this.#write(this.#ackedFd, known);
        known.forEach((seq) => this.#pending.delete(seq));
        this.#ackedInLog += known.length;
        if (this.#ackedInLog >= COMPACT_AFTER) {
            this.#compact();
        }
        return known.length;
    }

    /** Readings not yet acknowledged, oldest first. */
    pending(): Reading[] {
        return [...this.#pending.values()];
    }

    /** The same, without copying: for walking a large backlog often. */
    pendingInOrder(): IterableIterator<Reading> {
        return this.#pending.values();
    }

    get size(): number {
        return this.#pending.size;
    }

    get nextSeq(): number {
        return this.#nextSeq;
    }

    close(): void {
        closeSync(this.#readingsFd);
        closeSync(this.#ackedFd);
    }

    #write(fd: number, record: unknown): void {
        writeSync(fd, `${JSON.stringify(record)}\n`);
        if (this.#sync) {
            fsyncSync(fd);
        }
    }

    /**
     * Rewrites the log with the pending readings only. The next sequence number is saved first and
     * the new log renamed over the old, so a crash at any point keeps one whole copy and numbering
     * never goes back.
     */
    #compact(): void {
        writePrivateFile(join(this.#dir, NEXT_SEQ_FILE), `${this.#nextSeq}\n`);
        closeSync(this.#readingsFd);
        closeSync(this.#ackedFd);
        writePrivateFile(
            join(this.#dir, READINGS_FILE),
            this.pending()
                .map((r) => `${JSON.stringify(r)}\n`)
                .join(''),
        );
        writePrivateFile(join(this.#dir, ACKED_FILE), '');
        this.#readingsFd = openPrivateFileForAppend(join(this.#dir, READINGS_FILE));
        this.#ackedFd = openPrivateFileForAppend(join(this.#dir, ACKED_FILE));
        this.#ackedInLog = 0;
    }
}

/** Parsed JSON lines of a log; a torn last line (a crash mid-write) is dropped. */
function readLines(path: string): unknown[] {
    if (!existsSync(path)) {
        return [];
    }
    const lines = readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.length > 0);
    const parsed: unknown[] = [];
    for (const [index, line] of lines.entries()) {
        try {
            parsed.push(JSON.parse(line));
        } catch (error) {
            if (index === lines.length - 1) {
                break;
            }
            throw new Error(`${path}: line ${index + 1} is corrupt: ${(error as Error).message}`, { cause: error });
        }
    }
    return parsed;
}

/**
 * The store-and-forward queue kept in `dir` (created when missing), with what an earlier run left in it.
 *
 * @example
 * const queue = openDurableQueue('data/sensor-1/queue');
 */
export function openDurableQueue(dir: string, options?: DurableQueueOptions): DurableQueue {
    return DurableQueue.open(dir, options);
}
