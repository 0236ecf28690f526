/** One field that differs between two versions of a record, by its dotted path. */
export interface FieldChange {
    path: string;
    before: unknown;
    after: unknown;
    /** Set when a list only grew: the entries added at its end (a timeline's new step). */
    appended?: unknown[];
}

/**
 * Lists the fields that changed from one version of a ledger record to the next, so an auditor
 * sees what a transaction did without reading two JSON documents side by side. A list that only
 * grew at its end (a timeline's new step) shows just what was appended; other lists are compared whole.
 *
 * @example
 * diffRecords({ state: 'placed', n: 1 }, { state: 'accepted', n: 1 }); // [{ path: 'state', before: 'placed', after: 'accepted' }]
 */
export function diffRecords(before: unknown, after: unknown, path = ''): FieldChange[] {
    if (isPlainObject(before) && isPlainObject(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        return keys.flatMap((key) => diffRecords(before[key], after[key], path ? `${path}.${key}` : key));
    }
    if (sameJson(before, after)) {
        return [];
    }
    const change: FieldChange = { path: path || '(record)', before, after };
    if (Array.isArray(before) && Array.isArray(after) && after.length > before.length && sameJson(before, after.slice(0, before.length))) {
        change.appended = after.slice(before.length);
    }
    return [change];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}
