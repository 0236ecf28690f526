/**
 * The value at a position of numbers sorted ascending, the position clamped into the list: the
 * order statistics (minimum, percentiles, median, maximum) benchmarks report. No values at all is a
 * RangeError: a benchmark that measured nothing has no statistic to report.
 *
 * @example
 * orderStatistic([1, 2, 5], 1); // 2
 * orderStatistic([1, 2, 5], 9); // 5
 */
export function orderStatistic(sorted: readonly number[], position: number): number {
    const value = sorted[Math.min(sorted.length - 1, Math.max(0, position))];
    if (value === undefined) {
        throw new RangeError('no values measured');
    }
    return value;
}

/**
 * The median of measured values (the mean of the middle two for an even count).
 *
 * @example
 * median([3, 1, 2, 10]); // 2.5
 */
export function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? orderStatistic(sorted, middle) : (orderStatistic(sorted, middle - 1) + orderStatistic(sorted, middle)) / 2;
}
