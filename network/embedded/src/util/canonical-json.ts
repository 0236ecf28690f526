import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth: the bytes that blocks are hashed over and that two
 * endorsements are compared by.
 *
 * @example
 * canonicalJson({ b: 1, a: 2 }); // '{"a":2,"b":1}'
 */
export function canonicalJson(value: unknown): string {
    return JSON.stringify(value, (_key, entry: unknown) => {
        if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) {
            return Object.fromEntries(Object.entries(entry as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
        }
        return entry;
    });
}

export function sha256Hex(data: string | Uint8Array): string {
    return createHash('sha256').update(data).digest('hex');
}
