/** Where a value was written: block number and the transaction's index in it, as on a Fabric peer. */
export interface Version {
    block: number;
    tx: number;
}

export function sameVersion(a: Version | null | undefined, b: Version | null | undefined): boolean {
    if (!a || !b) {
        return !a && !b;
    }
    return a.block === b.block && a.tx === b.tx;
}

/** Encodes a version and a value into one stored record: 8 bytes block, 4 bytes tx, then the value. */
export function encodeVersioned(version: Version, value: Uint8Array): Buffer {
    const record = Buffer.allocUnsafe(12 + value.length);
    record.writeUIntBE(version.block, 2, 6);
    record.writeUInt16BE(0, 0);
    record.writeUInt32BE(version.tx, 8);
    Buffer.from(value.buffer, value.byteOffset, value.byteLength).copy(record, 12);
    return record;
}

export function decodeVersioned(record: Uint8Array): { version: Version; value: Buffer } {
    const buffer = Buffer.from(record.buffer, record.byteOffset, record.byteLength);
    return { version: { block: buffer.readUIntBE(2, 6), tx: buffer.readUInt32BE(8) }, value: buffer.subarray(12) };
}
