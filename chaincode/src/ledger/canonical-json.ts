/**
 * JSON with object keys sorted at every depth, so that two endorsers that build the same value
 * produce the same bytes (Fabric compares endorsers' write sets byte for byte).
 *
 * @example
 * canonicalJson({ b: 1, a: [ { d: 2, c: 3 } ] }); // '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
    return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(sortKeys);
    }
    if (value !== null && typeof value === 'object') {
        const sorted: Record<string, unknown> = {};
        for (const key of Object.keys(value).sort()) {
            const entry = (value as Record<string, unknown>)[key];
            if (entry !== undefined) {
                sorted[key] = sortKeys(entry);
            }
        }
        return sorted;
    }
    return value;
}
