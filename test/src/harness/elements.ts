import assert from 'node:assert/strict';

/**
 * Picking elements out of what a test received, failing the test with a message that names what was
 * missing instead of reading `undefined` further down. With `noUncheckedIndexedAccess` every index
 * read may be absent; these helpers turn that into an assertion once, where the element is taken.
 */

/**
 * The single element of `list`; fails unless there is exactly one.
 *
 * @example
 * const excursion = only(await ledger.excursions(batchId), 'excursions of the batch');
 */
export function only<T>(list: readonly T[], what = 'elements'): T {
    assert.equal(list.length, 1, `expected exactly one of ${what}, got ${list.length}`);
    return list[0] as T;
}

/** A tuple of `N` elements of `T`. */
type Tuple<T, N extends number, Built extends T[] = []> = Built['length'] extends N ? Built : Tuple<T, N, [T, ...Built]>;

/**
 * `list` typed so that its first `count` elements are present, for destructuring; fails when it has
 * fewer.
 *
 * @example
 * const [ok, alreadyStocked] = atLeast(received.serials, 2, 'received units');
 */
export function atLeast<T, N extends number>(list: readonly T[], count: N, what = 'elements'): readonly [...Tuple<T, N>, ...T[]] {
    assert.ok(list.length >= count, `expected at least ${count} ${what}, got ${list.length}`);
    return list as unknown as readonly [...Tuple<T, N>, ...T[]];
}

/**
 * The element of `list` at `index` (negative counts from the end, as `Array.prototype.at`); fails when
 * the list is too short.
 *
 * @example
 * const second = at(events, 1, 'streamed events');
 */
export function at<T>(list: readonly T[], index: number, what = 'elements'): T {
    const position = index < 0 ? list.length + index : index;
    assert.ok(position >= 0 && position < list.length, `expected ${what} to have an element at ${index}, got ${list.length}`);
    return list[position] as T;
}

/**
 * The first element of `list`; fails when it is empty.
 *
 * @example
 * const product = first(products, 'products');
 */
export function first<T>(list: readonly T[], what = 'elements'): T {
    return at(list, 0, what);
}

/**
 * The last element of `list`; fails when it is empty.
 *
 * @example
 * const latest = last(readings, 'stored readings');
 */
export function last<T>(list: readonly T[], what = 'elements'): T {
    return at(list, -1, what);
}

/**
 * The entry `key` of a record or map-like object; fails when it is absent.
 *
 * @example
 * const sold = entry(report.byState, 'sold');
 */
export function entry<V>(record: Readonly<Record<string, V>>, key: string): V {
    const value = record[key];
    assert.ok(value !== undefined, `expected an entry '${key}', have ${Object.keys(record).join(', ') || 'none'}`);
    return value;
}

/**
 * `value` itself when it is present; fails naming `what` when it is `undefined` or `null`. For a
 * `find` or a regular-expression group whose absence is a failure.
 *
 * @example
 * const session = present(/session=([^;]+)/.exec(cookie)?.[1], 'session cookie');
 */
export function present<T>(value: T | undefined | null, what: string): T {
    assert.ok(value !== undefined && value !== null, `expected ${what}`);
    return value;
}
