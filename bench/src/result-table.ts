import { median, orderStatistic } from './order-statistics';

/** One benchmark's results as a table in docs/benchmarks.md. */
export interface ResultTable {
    /** Stable key: results of the same benchmark and ledger replace each other. */
    id: string;
    title: string;
    ledger: 'embedded' | 'fabric';
    columns: string[];
    rows: (string | number)[][];
    notes?: string[];
    /** Filled in when saved: the command and time that measured this table. */
    command?: string;
    at?: string;
}

/** Median of several runs with their spread, as a table cell: `12.3 (11.9–13.0)`. */
export function medianWithSpread(values: readonly number[], digits = 1): string {
    const sorted = [...values].sort((a, b) => a - b);
    const f = (n: number) => n.toFixed(digits);
    return sorted.length > 1 ? `${f(median(sorted))} (${f(orderStatistic(sorted, 0))}–${f(orderStatistic(sorted, sorted.length - 1))})` : f(median(sorted));
}
