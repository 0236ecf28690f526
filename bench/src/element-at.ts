/**
 * The item at an index a benchmark computed (a parallel list's, a round robin's turn): an index
 * outside the list is a bug in the benchmark, refused as a RangeError rather than measured as
 * undefined.
 *
 * @example
 * elementAt(['a', 'b'], 1); // 'b'
 * elementAt(sensors, n % sensors.length); // round robin
 */
export function elementAt<T>(items: readonly T[], index: number): T {
    const item = items[index];
    if (item === undefined) {
        throw new RangeError(`no item ${index} among ${items.length}`);
    }
    return item;
}
