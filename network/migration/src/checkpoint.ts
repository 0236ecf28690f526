import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Discrepancy } from './models/source-model';

/**
 * What a migration has written so far, saved after every page: a re-run with the same checkpoint
 * reads the source at the same height, plans the same pages and continues after `pagesDone`. A
 * page written but not yet counted here is sent again and changes nothing (imports are idempotent).
 */
export interface Checkpoint {
    version: 1;
    sourceNetwork: string;
    model: string;
    /** The source's block height the migration reads up to, fixed by its first run. */
    height: number;
    pagesDone: number;
    pageCount: number;
    imported: number;
    unchanged: number;
    /** Records the target refused, with its reasons, from the pages already done. */
    refused: Discrepancy[];
}

/** The checkpoint file's problem: it belongs to another migration or is not one. */
export class CheckpointMismatchError extends Error {
    constructor(path: string, reason: string) {
        super(`checkpoint ${path} ${reason}; give another --checkpoint file or remove it to start over`);
        this.name = 'CheckpointMismatchError';
    }
}

/**
 * Reads the checkpoint of a migration, if it has one; refuses one of another source or model.
 *
 * @example
 * const done = readCheckpoint('migrate.checkpoint.json', 'amb-prod', 'workshop');
 */
export function readCheckpoint(path: string, sourceNetwork: string, model: string): Checkpoint | undefined {
    if (!existsSync(path)) {
        return undefined;
    }
    let checkpoint: Checkpoint;
    try {
        checkpoint = JSON.parse(readFileSync(path, 'utf8')) as Checkpoint;
    } catch {
        throw new CheckpointMismatchError(path, 'is not JSON');
    }
    if (checkpoint.version !== 1 || checkpoint.sourceNetwork !== sourceNetwork || checkpoint.model !== model) {
        throw new CheckpointMismatchError(path, `is of ${checkpoint.model} source ${checkpoint.sourceNetwork}, not ${model} source ${sourceNetwork}`);
    }
    return checkpoint;
}

/** Replaces the checkpoint file whole (write then rename), so a crash leaves the old one or the new one. */
export function writeCheckpoint(path: string, checkpoint: Checkpoint): void {
    writeFileSync(`${path}.tmp`, `${JSON.stringify(checkpoint, null, 2)}\n`);
    renameSync(`${path}.tmp`, path);
}
