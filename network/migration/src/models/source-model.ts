import type { ImportRecord } from '@coldtrace/chaincode/model';
import type { SourceSnapshot } from '../source/key-history';
import type { SourceLedger } from '../source/source-ledger';

/** Something the migration found wrong, named by its key: on the source, on the target, or between them. */
export interface Discrepancy {
    kind: 'missing key' | 'tampered value' | 'extra key' | 'refused' | 'source';
    key: string;
    detail: string;
}

/** What a source model made of a source ledger: the records to import, and what it left out and why. */
export interface ModelReading {
    records: ImportRecord[];
    /** Source keys not migrated, counted by what they are (indexes, consortium records…). */
    skipped: Record<string, number>;
    /** Keys the source's chaincode and its blocks disagree on, or that do not map to coldtrace. */
    problems: Discrepancy[];
}

/**
 * How one kind of source chaincode maps to coldtrace records: it reads the state through the
 * source chaincode and the key history from the blocks, and returns the records to import.
 *
 * @example
 * const { records } = await workshopModel(options).read(source, snapshot);
 */
export interface SourceModel {
    readonly name: string;
    read(source: SourceLedger, snapshot: SourceSnapshot): Promise<ModelReading>;
}

/** A source value as JSON, or undefined when it is not. */
export function parseJson(bytes: Uint8Array): Record<string, unknown> | undefined {
    try {
        const value: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
        return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}

/** Adds one to a count. */
export function count(counts: Record<string, number>, name: string): void {
    counts[name] = (counts[name] ?? 0) + 1;
}
