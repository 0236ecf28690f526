import { canonicalJson } from '@coldtrace/chaincode/canonical-json';
import { sha256, sha256Hex } from '@coldtrace/chaincode/sha256';
import type { Reading } from '@coldtrace/iot-sensor/protocol';

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/**
 * The leaf hash of one reading: SHA-256 over a domain byte and the reading's fields as canonical
 * JSON (fixed key order, absent optional fields left out), so anyone holding the raw readings
 * recomputes the same bytes.
 *
 * @example
 * readingLeaf({ sensorId: 'T-1', seq: 0, ts: '2026-11-20T10:00:00.000Z', tempC: 4.2, lat: 52, lon: 4 });
 */
export function readingLeaf(reading: Reading): string {
    const canonical = canonicalJson({
        battery: reading.battery,
        humidity: reading.humidity,
        lat: reading.lat,
        lon: reading.lon,
        sensorId: reading.sensorId,
        seq: reading.seq,
        tempC: reading.tempC,
        ts: new Date(reading.ts).toISOString(),
    });
    return sha256Hex(LEAF, canonical);
}

/**
 * Merkle root (SHA-256, RFC 6962 style: domain-separated leaves and nodes, an odd node promoted
 * unchanged) over leaf hashes in the given order. Readings of a window are ordered by `seq`.
 *
 * @example
 * merkleRoot(readings.sort((a, b) => a.seq - b.seq).map(readingLeaf));
 */
export function merkleRoot(leaves: readonly string[]): string {
    if (leaves.length === 0) {
        return sha256Hex();
    }
    let level: Buffer[] = leaves.map((leaf) => Buffer.from(leaf, 'hex'));
    while (level.length > 1) {
        const next: Buffer[] = [];
        for (let i = 0; i < level.length; i += 2) {
            const [left, right] = level.slice(i, i + 2);
            if (left) {
                next.push(right ? sha256(NODE, left, right) : left);
            }
        }
        level = next;
    }
    // leaves is not empty, so the loop leaves exactly one root.
    return (level[0] ?? Buffer.alloc(0)).toString('hex');
}
