import type { ResultTable } from '../result-table';
import { CALIPER_WORKLOADS, type CaliperPlan, type CaliperRound } from './caliper-plan';

/** One row of Caliper's summary table. */
export interface CaliperRoundResult {
    name: string;
    succ: number;
    fail: number;
    sendTps: number;
    maxLatencyS: number;
    minLatencyS: number;
    avgLatencyS: number;
    throughputTps: number;
}

/** Caliper's output held no summary row for a round it was asked to run. */
export class MissingCaliperRoundError extends Error {
    constructor(labels: readonly string[], found: readonly string[]) {
        super(`Caliper reported no result for ${labels.join(', ')} (its summary had ${found.length ? found.join(', ') : 'no rows'}); see its log above`);
        this.name = 'MissingCaliperRoundError';
    }
}

const COLUMNS: Record<Exclude<keyof CaliperRoundResult, 'name'>, RegExp> = {
    succ: /^succ$/i,
    fail: /^fail$/i,
    sendTps: /^send rate/i,
    maxLatencyS: /^max latency/i,
    minLatencyS: /^min latency/i,
    avgLatencyS: /^avg latency/i,
    throughputTps: /^throughput/i,
};

/**
 * The rounds of Caliper's summary tables in its output (the per-round "Test result" tables and the
 * final "All test results"): the header names the columns, so their order does not matter; log
 * prefixes before the table's `|` are ignored; a round printed twice keeps its last row.
 *
 * @example
 * parseCaliperSummary('| Name | Succ | Fail | Send Rate (TPS) | … |\n| floor-put@20tps | 300 | 0 | 20.1 | … |');
 */
export function parseCaliperSummary(output: string): CaliperRoundResult[] {
    const byName = new Map<string, CaliperRoundResult>();
    let header: string[] | undefined;
    for (const line of output.split(/\r?\n/)) {
        const at = line.indexOf('|');
        if (at < 0) {
            header = undefined;
            continue;
        }
        const cells = line
            .slice(at)
            .split('|')
            .slice(1, -1)
            .map((cell) => cell.trim());
        if (cells.length === 0 || cells.every((cell) => /^-*$/.test(cell))) {
            continue;
        }
        if (/^name$/i.test(cells[0] ?? '')) {
            header = cells;
            continue;
        }
        if (header) {
            const row = rowOf(header, cells);
            if (row) {
                byName.delete(row.name);
                byName.set(row.name, row);
            }
        }
    }
    return [...byName.values()];
}

function rowOf(header: readonly string[], cells: readonly string[]): CaliperRoundResult | undefined {
    const row: Partial<CaliperRoundResult> = { name: cells[0] };
    for (const [key, pattern] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, RegExp][]) {
        const index = header.findIndex((title) => pattern.test(title));
        const value = Number(cells[index]);
        if (index < 0 || cells[index] === '' || !Number.isFinite(value)) {
            return undefined;
        }
        row[key] = value;
    }
    return row as CaliperRoundResult;
}

/**
 * docs/benchmarks.md's table of a Caliper run: each round's figures as Caliper measured them and,
 * per rate, the throughput relative to the floor put's; the note leads with coldtrace's write ÷
 * floor put at saturation, the figure the run is for.
 *
 * @example
 * const table = caliperResultTable(plan, parseCaliperSummary(stdout), ['Caliper 0.6.0, fabric:2.5 binding']);
 */
export function caliperResultTable(plan: CaliperPlan, results: readonly CaliperRoundResult[], notes: readonly string[]): ResultTable {
    const find = (round: CaliperRound) => results.find((r) => r.name === round.label);
    const missing = plan.rounds.filter((round) => !find(round)).map((round) => round.label);
    if (missing.length) {
        throw new MissingCaliperRoundError(
            missing,
            results.map((r) => r.name),
        );
    }
    const floorOf = (round: CaliperRound) => find(plan.rounds.find((r) => r.workload === 'floor-put' && r.rate.kind === round.rate.kind)!)!;
    const rows = plan.rounds.map((round) => {
        const r = find(round)!;
        return [
            round.rate.kind === 'fixed' ? `fixed ${round.rate.tps} tps` : `maximum (${round.rate.inFlight} in flight)`,
            CALIPER_WORKLOADS[round.workload].transaction,
            r.succ,
            r.fail,
            r.sendTps.toFixed(1),
            r.throughputTps.toFixed(1),
            (r.avgLatencyS * 1000).toFixed(0),
            `${(r.minLatencyS * 1000).toFixed(0)}–${(r.maxLatencyS * 1000).toFixed(0)}`,
            ratio(r.throughputTps, floorOf(round).throughputTps),
        ];
    });
    const saturated = plan.rounds.find((r) => r.workload === 'coldtrace-write' && r.rate.kind === 'max')!;
    const headline = `coldtrace write ÷ floor put at saturation (Caliper's throughput): ${ratio(find(saturated)!.throughputTps, floorOf(saturated).throughputTps)}.`;
    return {
        id: 'caliper',
        title: "Hyperledger Caliper against the native network: coldtrace's write and trace read beside Fabric's floor put",
        ledger: 'fabric',
        columns: ['rate', 'transaction', 'succ', 'fail', 'send tps', 'throughput tps', 'avg latency ms', 'min–max ms', 'throughput ÷ floor put'],
        rows,
        notes: [headline, ...notes],
    };
}

function ratio(ours: number, floor: number): string {
    return floor > 0 ? `${(ours / floor).toFixed(2)}×` : 'n/a';
}
