import { LedgerError } from '@coldtrace/ledger-client';
import { canonicalJson, type ImportPage, type ImportResult } from '@coldtrace/chaincode/model';
import { type Checkpoint, readCheckpoint, writeCheckpoint } from './checkpoint';
import { type PlannedPage, planPages, recordLabel } from './import-plan';
import type { Discrepancy, SourceModel } from './models/source-model';
import { readSnapshot } from './source/key-history';
import type { SourceLedger } from './source/source-ledger';
import type { MigrationTarget } from './target/migration-target';
import { type Verification, verifyMigration } from './verification';

export interface MigrationOptions {
    source: SourceLedger;
    model: SourceModel;
    target: MigrationTarget;
    /** The name the imported records' provenance gives the source network. */
    sourceNetwork: string;
    checkpointPath: string;
    /** Records per `migration:import` transaction (at most 100). */
    pageSize?: number;
    /** Stops after writing this many pages in this run, as an interruption would (for tests and trial runs). */
    stopAfterPages?: number;
    /** Only reads the source (at its current height) and verifies the target against it; writes nothing. */
    verifyOnly?: boolean;
    /** Receives every progress line. */
    log?: (line: string) => void;
}

/** What `npm run migrate` ends with. */
export interface MigrationReport extends Partial<Verification> {
    sourceNetwork: string;
    model: string;
    /** The source block height the migration read up to. */
    height: number;
    pages: { done: number; total: number };
    imported: number;
    unchanged: number;
    /** Source keys left out on purpose, by what they are. */
    skipped: Record<string, number>;
    /** True when the run stopped before its last page; run again to resume. */
    interrupted: boolean;
    /** True when complete, the digests agree and nothing differs. */
    clean: boolean;
}

/**
 * Migrates a source ledger into coldtrace: replays the source's blocks up to a fixed height (the
 * key history), reads its state through its chaincode, maps it (`model`), imports it a page at a
 * time through `migration:import` (saving a checkpoint after each page), then reads everything back
 * through the target's chaincode and verifies it. Re-running with the same checkpoint resumes.
 *
 * @example
 * const report = await migrate({ source, model: workshopModel(mapping), target, sourceNetwork: 'amb-workshop', checkpointPath: 'migrate.json' });
 */
export async function migrate(options: MigrationOptions): Promise<MigrationReport> {
    const log = options.log ?? (() => {});
    const { source, model, target, sourceNetwork, checkpointPath } = options;
    const resumed = options.verifyOnly ? undefined : readCheckpoint(checkpointPath, sourceNetwork, model.name);
    const height = resumed?.height ?? (await source.height());
    log(
        resumed
            ? `resuming: ${resumed.pagesDone} of ${resumed.pageCount} pages written before, source read up to block ${height}`
            : `source ${sourceNetwork} (${model.name}): reading ${height} blocks`,
    );
    let shown = 0;
    const snapshot = await readSnapshot(source, height, (read) => {
        if (read === height || read - shown >= 1000) {
            shown = read;
            log(`blocks read: ${read}/${height}`);
        }
    });
    const reading = await model.read(source, snapshot);
    log(`source records to migrate: ${reading.records.length}; skipped: ${describeCounts(reading.skipped) || 'none'}; source problems: ${reading.problems.length}`);
    const { pages, unplaced } = planPages(reading.records, target.importers, options.pageSize ?? 100);
    const checkpoint: Checkpoint = resumed ?? {
        version: 1,
        sourceNetwork,
        model: model.name,
        height,
        pagesDone: 0,
        pageCount: pages.length,
        imported: 0,
        unchanged: 0,
        refused: [],
    };
    checkpoint.pageCount = pages.length;
    if (options.verifyOnly) {
        checkpoint.pagesDone = pages.length;
    } else {
        writeCheckpoint(checkpointPath, checkpoint);
    }
    let written = 0;
    for (const page of pages.slice(checkpoint.pagesDone)) {
        if (options.stopAfterPages !== undefined && written >= options.stopAfterPages) {
            log(`stopped after ${written} pages this run; run again to resume from page ${checkpoint.pagesDone + 1}`);
            return { ...summary(checkpoint, reading.skipped), interrupted: true, clean: false };
        }
        const outcome = await importPage(target, sourceNetwork, page);
        checkpoint.pagesDone = page.index + 1;
        checkpoint.imported += outcome.imported;
        checkpoint.unchanged += outcome.unchanged;
        checkpoint.refused.push(...outcome.refused);
        writeCheckpoint(checkpointPath, checkpoint);
        written += 1;
        log(
            `page ${page.index + 1}/${pages.length} as ${page.org}: ${page.records.length} ${page.records[0].kind} record${page.records.length === 1 ? '' : 's'} ` +
                `(${outcome.imported} imported, ${outcome.unchanged} unchanged, ${outcome.refused.length} refused)`,
        );
    }
    log('verifying: reading the imported records back from the target');
    const verification = await verifyMigration(
        reading.records,
        target,
        sourceNetwork,
        [...new Set(pages.map((page) => page.org))],
        [...reading.problems, ...unplaced, ...checkpoint.refused],
    );
    const clean = verification.discrepancies.length === 0 && verification.sourceDigest === verification.targetDigest;
    return { ...summary(checkpoint, reading.skipped), ...verification, interrupted: false, clean };
}

function summary(checkpoint: Checkpoint, skipped: Record<string, number>): Omit<MigrationReport, 'interrupted' | 'clean'> {
    return {
        sourceNetwork: checkpoint.sourceNetwork,
        model: checkpoint.model,
        height: checkpoint.height,
        pages: { done: checkpoint.pagesDone, total: checkpoint.pageCount },
        imported: checkpoint.imported,
        unchanged: checkpoint.unchanged,
        skipped,
    };
}

/**
 * Sends one page. A page the chaincode refuses (a key holding other content, a record the
 * organization is no party to) is sent again record by record, so the rest goes in and each refusal
 * is named with the chaincode's reason. Anything else (the network) stops the run: the checkpoint
 * lets it resume.
 */
async function importPage(target: MigrationTarget, sourceNetwork: string, page: PlannedPage): Promise<ImportResult & { refused: Discrepancy[] }> {
    const identity = await target.identity(page.org);
    const send = async (records: PlannedPage['records']): Promise<ImportResult> => {
        const body: ImportPage = { sourceNetwork, records };
        const { payload } = await target.ledger.submit(identity, 'migration:import', [canonicalJson(body)]);
        return JSON.parse(Buffer.from(payload).toString('utf8')) as ImportResult;
    };
    try {
        return { ...(await send(page.records)), refused: [] };
    } catch (error) {
        if (!refusedByChaincode(error) || page.records.length === 1) {
            if (refusedByChaincode(error)) {
                return { imported: 0, unchanged: 0, refused: [{ kind: 'refused', key: recordLabel(page.records[0]), detail: (error as Error).message }] };
            }
            throw error;
        }
    }
    const outcome: ImportResult & { refused: Discrepancy[] } = { imported: 0, unchanged: 0, refused: [] };
    for (const record of page.records) {
        const one = await importPage(target, sourceNetwork, { ...page, records: [record] });
        outcome.imported += one.imported;
        outcome.unchanged += one.unchanged;
        outcome.refused.push(...one.refused);
    }
    return outcome;
}

function refusedByChaincode(error: unknown): boolean {
    return error instanceof LedgerError && ['CONFLICT', 'FORBIDDEN', 'NOT_FOUND', 'INVALID_ARGUMENT'].includes(error.code);
}

/** `a: 1, b: 2` */
export function describeCounts(counts: Record<string, number>): string {
    return Object.entries(counts)
        .map(([name, n]) => `${name}: ${n}`)
        .join(', ');
}
