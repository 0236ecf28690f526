import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { ResultTable } from './result-table';

const ROOT = resolve(__dirname, '../..');
const RESULTS = join(ROOT, 'bench/results');
const REPORT = join(ROOT, 'docs/benchmarks.md');
/** What the figures mean: bottlenecks found with profiles, written by hand and kept beside the results. */
const FINDINGS = join(ROOT, 'bench/findings.md');

interface StoredRun {
    ledger: 'embedded' | 'fabric';
    command: string;
    at: string;
    machine: string;
    fabricVersion?: string;
    tables: ResultTable[];
}

/** This machine in one line: cores, memory, Node. */
export function machineFacts(): string {
    const cpu = cpus();
    return `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB memory, Node ${process.version}`;
}

function fabricVersion(): string | undefined {
    const stamp = join(ROOT, '.fabric/VERSION');
    return existsSync(stamp) ? /^fabric=(.+)$/m.exec(readFileSync(stamp, 'utf8'))?.[1] : undefined;
}

/**
 * Keeps a run's tables (replacing earlier tables with the same id and ledger) in
 * bench/results/<ledger>.json and renders docs/benchmarks.md from the results of both ledgers.
 *
 * @example
 * saveRun('embedded', 'npm run bench', tables);
 */
export function saveRun(ledger: 'embedded' | 'fabric', command: string, tables: ResultTable[]): string {
    mkdirSync(RESULTS, { recursive: true });
    const file = join(RESULTS, `${ledger}.json`);
    const previous: StoredRun | undefined = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
    const ids = new Set(tables.map((t) => t.id));
    const at = new Date().toISOString();
    const run: StoredRun = {
        ledger,
        command,
        at,
        machine: machineFacts(),
        fabricVersion: ledger === 'fabric' ? fabricVersion() : undefined,
        tables: [...(previous?.tables ?? []).filter((t) => !ids.has(t.id)), ...tables.map((t) => ({ ...t, command, at }))],
    };
    writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
    return writeReport();
}

/** Renders docs/benchmarks.md again from the stored results, e.g. after bench/findings.md changed. */
export function writeReport(): string {
    writeFileSync(REPORT, render());
    return REPORT;
}

function render(): string {
    const runs: StoredRun[] = readdirSync(RESULTS)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => JSON.parse(readFileSync(join(RESULTS, f), 'utf8')));
    const lines = [
        '# Benchmarks',
        '',
        'Written by `npm run bench` (embedded ledger) and `npm run bench -- --ledger fabric` (the native network of',
        '`npm run network:up`, which the benchmark expects to be running). Each run replaces its own tables; the',
        'raw results are in `bench/results/`. Latencies are measured by the load generator in its own process',
        'against a server in another; medians of several runs show their spread in parentheses. Tests never',
        'assert timings: speed is measured here only.',
        '',
        '`npm run bench -- --ledger fabric --caliper` measures the same network with an external client as well:',
        'Hyperledger Caliper (installed on first use into `.fabric/caliper`, pinned, never a dependency of the',
        "repository) drives Fabric's floor put, coldtrace's `product:inspect` and `query:trace` at a fixed rate and at",
        "saturation, and its summary becomes the Caliper table beside the project's own (see bench/README.md).",
        '',
    ];
    if (existsSync(FINDINGS)) {
        lines.push(readFileSync(FINDINGS, 'utf8').trimEnd(), '');
    }
    for (const run of runs) {
        lines.push(`## ${run.ledger === 'fabric' ? `Fabric ${run.fabricVersion ?? ''}`.trim() : 'Embedded ledger'}`, '');
        lines.push(`On ${run.machine}.`, '');
        for (const table of run.tables) {
            lines.push(`### ${table.title}`, '');
            lines.push(`| ${table.columns.join(' | ')} |`, `| ${table.columns.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
            for (const row of table.rows) {
                lines.push(`| ${row.join(' | ')} |`);
            }
            lines.push('');
            const measured = table.command ?? run.command;
            lines.push(`Measured ${(table.at ?? run.at).slice(0, 16).replace('T', ' ')} UTC with \`${measured}\`.`, '');
            for (const note of table.notes ?? []) {
                lines.push(`- ${note}`);
            }
            if (table.notes?.length) {
                lines.push('');
            }
        }
    }
    return `${lines.join('\n').trimEnd()}\n`;
}
