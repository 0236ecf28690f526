/**
 * Layout of the peer database (LevelDB). Every kind of entry has its own one-letter prefix; parts
 * are separated by NUL, which namespaces and collection names never contain. Keys compare as UTF-8
 * bytes, which is code-point order, the same order a Fabric peer's LevelDB gives range queries.
 */
const SEP = '\u0000';

export const StateKeys = {
    /** Public world state: namespace, key. */
    state: (ns: string, key: string) => `s${SEP}${ns}${SEP}${key}`,
    statePrefix: (ns: string) => `s${SEP}${ns}${SEP}`,
    /** Private data values, kept only by member peers: namespace, collection, key. */
    privateData: (ns: string, collection: string, key: string) => `p${SEP}${ns}${SEP}${collection}${SEP}${key}`,
    privateDataPrefix: (ns: string, collection: string) => `p${SEP}${ns}${SEP}${collection}${SEP}`,
    /** Hashes of private data, which every peer keeps: namespace, collection, hex hash of the key. */
    privateHash: (ns: string, collection: string, keyHash: string) => `h${SEP}${ns}${SEP}${collection}${SEP}${keyHash}`,
    /**
     * Key history. The key's length comes first so that one key's history can never be a prefix
     * of another's; block and tx numbers are fixed-width hex so entries sort by commit order.
     */
    history: (ns: string, key: string, block: number, tx: number) => `${StateKeys.historyPrefix(ns, key)}${hex(block, 12)}${hex(tx, 6)}`,
    historyPrefix: (ns: string, key: string) => `k${SEP}${ns}${SEP}${hex(Buffer.byteLength(key), 8)}${key}${SEP}`,
    /** Which block and position a transaction id was committed at, and with what validation code. */
    transaction: (txId: string) => `t${SEP}${txId}`,
    /** Where block n lies in the block file. */
    blockLocation: (block: number) => `b${SEP}${hex(block, 12)}`,
    /** Height and last block hash of what the state reflects. */
    savepoint: `m${SEP}savepoint`,
} as const;

/** The smallest string greater than every string that starts with `prefix`. */
export function prefixEnd(prefix: string): string {
    return `${prefix}\u{10FFFF}`;
}

function hex(value: number, width: number): string {
    return value.toString(16).padStart(width, '0');
}
