/** One field that differs between two versions of a record, by its dotted path. */
export interface FieldChange {
    path: string;
    before: unknown;
    after: unknown;
}

/**
 * Lists the fields that changed from one version of a ledger record to the next, so an auditor
 * sees what a transaction did without reading two JSON documents side by side. Arrays are compared
 * as whole values: a timeline that grew by one entry shows as one change.
 *
 * @example
 * diffRecords({ state: 'placed', n: 1 }, { state: 'accepted', n: 1 }); // [{ path: 'state', before: 'placed', after: 'accepted' }]
 */
export function diffRecords(before: unknown, after: unknown, path = ''): FieldChange[] {
    if (isPlainObject(before) && isPlainObject(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        return keys.flatMap((key) => diffRecords(before[key], after[key], path ? `${path}.${key}` : key));
    }
    return sameJson(before, after) ? [] : [{ path: path || '(record)', before, after }];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}
