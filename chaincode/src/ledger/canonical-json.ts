/**
 * The JSON Canonicalization Scheme (RFC 8785) of a value: object keys sorted by their UTF-16 code
 * units at every depth, numbers as ECMAScript's Number.prototype.toString writes them, strings as
 * JSON.stringify escapes them, no whitespace. Two endorsers that build the same value produce the
 * same bytes (Fabric compares endorsers' write sets byte for byte), and the same bytes are what
 * blocks, request digests and migration checks hash.
 *
 * Like JSON.stringify it honours `toJSON` (a Date becomes its ISO string), leaves out object
 * properties that are undefined, functions or symbols, and writes them as null inside arrays; a
 * top-level value with no JSON form gives undefined. Unlike it, NaN and ±Infinity are refused
 * (RFC 8785 §3.2.2.3), as are cycles and bigints.
 *
 * @example
 * canonicalJson({ b: 1, a: [{ d: 2, c: 3 }], '10': true }); // '{"10":true,"a":[{"c":3,"d":2}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
    try {
        // Most values (records parsed from the ledger, blocks) already have every key in order:
        // the engine's serializer then writes their canonical text as it is, several times faster
        // without a replacer, which it calls back for every value. Otherwise it is given objects
        // re-ordered where needed, still twice as fast as writing by hand.
        return isWrittenAsIs(value, 0) ? JSON.stringify(value) : JSON.stringify(value, inCodeUnitOrder);
    } catch (error) {
        if (error instanceof CanonicalJsonError) {
            throw error;
        }
        // Integer-like keys ("10" before "2") that no plain object can hold in code-unit order,
        // or a cycle: the hand-written serializer orders the first and names the second.
        return write(value, '', new Set()) as string;
    }
}

/** A value that has no canonical JSON: a non-finite number, a bigint or a cycle. */
export class CanonicalJsonError extends Error {
    override name = 'CanonicalJsonError';
}

/** Deeper than this, the replacer's path takes over (and names a cycle). */
const AS_IS_DEPTH = 64;

/**
 * Whether JSON.stringify alone writes the canonical text of a value: every object's keys in
 * code-unit order, no non-finite number or bigint (refused), no toJSON or boxed primitive (whose
 * output the replacer's path orders too).
 */
function isWrittenAsIs(value: unknown, depth: number): boolean {
    switch (typeof value) {
        case 'number':
            return Number.isFinite(value);
        case 'bigint':
            return false;
        case 'object':
            break;
        default:
            return true;
    }
    if (value === null) {
        return true;
    }
    if (depth >= AS_IS_DEPTH) {
        return false;
    }
    if (Array.isArray(value)) {
        for (const item of value as unknown[]) {
            if (!isWrittenAsIs(item, depth + 1)) {
                return false;
            }
        }
        return true;
    }
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function' || value instanceof Number || value instanceof String || value instanceof Boolean) {
        return false;
    }
    const record = value as Record<string, unknown>;
    let previous: string | undefined;
    for (const key in record) {
        if (!Object.hasOwn(record, key)) {
            continue;
        }
        if ((previous !== undefined && previous > key) || !isWrittenAsIs(record[key], depth + 1)) {
            return false;
        }
        previous = key;
    }
    return true;
}

function inCodeUnitOrder(this: unknown, _key: string, value: unknown): unknown {
    if (typeof value === 'number') {
        return number(value);
    }
    if (typeof value === 'bigint') {
        throw new CanonicalJsonError('a bigint has no JSON number');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Number || value instanceof String || value instanceof Boolean) {
        return value;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    const sorted = sortedKeys(record, keys);
    if (sorted === keys) {
        return value;
    }
    // No prototype, so a parsed `__proto__` key stays a key instead of setting one.
    const copy: Record<string, unknown> = Object.create(null);
    for (const key of sorted) {
        copy[key] = record[key];
    }
    if (!inOrder(Object.keys(copy))) {
        throw new Error('integer-like keys out of code-unit order');
    }
    return copy;
}

function write(input: unknown, key: string, ancestors: Set<object>): string | undefined {
    const value = hasToJson(input) ? input.toJSON(key) : input;
    switch (typeof value) {
        case 'string':
            return JSON.stringify(value);
        case 'number':
            // Number.prototype.toString is the serialization RFC 8785 adopts; it writes -0 as "0".
            return String(number(value));
        case 'boolean':
            return value ? 'true' : 'false';
        case 'bigint':
            throw new CanonicalJsonError('a bigint has no JSON number');
        case 'object':
            return value === null ? 'null' : object(value, ancestors);
        default:
            return undefined;
    }
}

function object(value: object, ancestors: Set<object>): string {
    if (value instanceof Number || value instanceof String || value instanceof Boolean) {
        return write(value.valueOf(), '', ancestors) as string;
    }
    if (ancestors.has(value)) {
        throw new CanonicalJsonError('the value refers to itself: a cycle has no JSON form');
    }
    ancestors.add(value);
    let text: string;
    if (Array.isArray(value)) {
        text = '[';
        for (let i = 0; i < value.length; i++) {
            text += (i > 0 ? ',' : '') + (write(value[i], String(i), ancestors) ?? 'null');
        }
        text += ']';
    } else {
        const record = value as Record<string, unknown>;
        text = '{';
        for (const key of sortedKeys(record)) {
            const entry = write(record[key], key, ancestors);
            if (entry !== undefined) {
                text += (text.length > 1 ? ',' : '') + JSON.stringify(key) + ':' + entry;
            }
        }
        text += '}';
    }
    ancestors.delete(value);
    return text;
}

function number(value: number): number {
    if (!Number.isFinite(value)) {
        throw new CanonicalJsonError(`${value} is not a JSON number (RFC 8785 refuses NaN and Infinity)`);
    }
    return value;
}

/** The keys in UTF-16 code-unit order; records built in key order (most are) skip the sort. */
function sortedKeys(record: Record<string, unknown>, keys = Object.keys(record)): string[] {
    // The default sort compares strings by UTF-16 code units, which is what RFC 8785 asks for.
    return inOrder(keys) ? keys : [...keys].sort();
}

function inOrder(keys: readonly string[]): boolean {
    let previous: string | undefined;
    for (const key of keys) {
        if (previous !== undefined && previous > key) {
            return false;
        }
        previous = key;
    }
    return true;
}

function hasToJson(value: unknown): value is { toJSON(key: string): unknown } {
    return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
