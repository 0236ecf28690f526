/** One version of a key, for GetHistoryForKey. */
export interface HistoryRecord {
    txId: string;
    timestamp: { seconds: number; nanos: number };
    isDelete: boolean;
    value: Buffer;
}

/** First byte of a binary entry; entries written before it are JSON and start with `{`. */
const BINARY = 0x01;
const HEADER_BYTES = 1 + 1 + 8 + 4 + 2;

/**
 * Encodes a key-history entry: a tag byte, the delete flag, the transaction's timestamp (seconds as
 * a float64, exact for any real date; nanos as uint32), the transaction id's length (uint16) and
 * bytes, then the value as it was written. Every write of a block has one, so the encoding avoids
 * what JSON cost: base64 of the value (a third larger) and a text per entry.
 *
 * @example
 * const bytes = encodeHistoryEntry({ txId, timestamp: { seconds: 1767225600, nanos: 0 }, isDelete: false, value });
 * decodeHistoryEntry(bytes).txId === txId; // true
 */
export function encodeHistoryEntry(record: HistoryRecord): Buffer {
    const txIdBytes = Buffer.byteLength(record.txId);
    const entry = Buffer.allocUnsafe(HEADER_BYTES + txIdBytes + record.value.length);
    entry[0] = BINARY;
    entry[1] = record.isDelete ? 1 : 0;
    entry.writeDoubleBE(record.timestamp.seconds, 2);
    entry.writeUInt32BE(record.timestamp.nanos, 10);
    entry.writeUInt16BE(txIdBytes, 14);
    entry.write(record.txId, HEADER_BYTES, 'utf8');
    record.value.copy(entry, HEADER_BYTES + txIdBytes);
    return entry;
}

/** Decodes an entry of either encoding: binary, or the JSON that ledgers created before it hold. */
export function decodeHistoryEntry(entry: Buffer): HistoryRecord {
    if (entry[0] !== BINARY) {
        const stored = JSON.parse(entry.toString('utf8')) as Omit<HistoryRecord, 'value'> & { value: string };
        return { ...stored, value: Buffer.from(stored.value, 'base64') };
    }
    const txIdBytes = entry.readUInt16BE(14);
    return {
        txId: entry.toString('utf8', HEADER_BYTES, HEADER_BYTES + txIdBytes),
        timestamp: { seconds: entry.readDoubleBE(2), nanos: entry.readUInt32BE(10) },
        isDelete: entry[1] === 1,
        value: entry.subarray(HEADER_BYTES + txIdBytes),
    };
}
