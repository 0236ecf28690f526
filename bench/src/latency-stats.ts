import { orderStatistic } from './order-statistics';

/** Percentiles of a set of durations, in milliseconds. */
export interface LatencyStats {
    count: number;
    p50: number;
    p95: number;
    p99: number;
    min: number;
    max: number;
}

/**
 * Nearest-rank percentiles of measured durations.
 *
 * @example
 * latencyStats([3.1, 2.9, 4.0]).p50; // 3.1
 */
export function latencyStats(durationsMs: readonly number[]): LatencyStats {
    if (durationsMs.length === 0) {
        throw new RangeError('no durations measured');
    }
    const sorted = [...durationsMs].sort((a, b) => a - b);
    const rank = (p: number) => orderStatistic(sorted, Math.ceil((p / 100) * sorted.length) - 1);
    const round = (ms: number) => Math.round(ms * 100) / 100;
    return {
        count: sorted.length,
        p50: round(rank(50)),
        p95: round(rank(95)),
        p99: round(rank(99)),
        min: round(orderStatistic(sorted, 0)),
        max: round(orderStatistic(sorted, sorted.length - 1)),
    };
}
