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
        if (entry !== null && typeof entry === 'object' && !Array.isArray(entry) && !keysSorted(entry)) {
            return Object.fromEntries(Object.entries(entry as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
        }
        // An object whose keys are in order already serializes as its sorted copy would: a block of
        // a bulk step holds tens of thousands of such objects, not worth copying.
        return entry;
    });
}

export function sha256Hex(data: string | Uint8Array): string {
    return createHash('sha256').update(data).digest('hex');
}

function keysSorted(entry: object): boolean {
    const keys = Object.keys(entry);
    for (let i = 1; i < keys.length; i++) {
        if (keys[i - 1] > keys[i]) {
            return false;
        }
    }
    return true;
}
