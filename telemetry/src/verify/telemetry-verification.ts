import type { TelemetryDigest } from '@coldtrace/chaincode/model';
import type { Ledger, LedgerIdentity } from '@coldtrace/ledger-client';
import type { TelemetryVerification, WindowVerification } from '../contract/telemetry-payloads';
import type { TelemetryStore, WindowDigest } from '../store/telemetry-store';

export type { TelemetryVerification, WindowVerdict, WindowVerification } from '../contract/telemetry-payloads';

/**
 * Checks every stored window of a shipment against the digest anchored on the ledger, read as the
 * caller (so only a party to the shipment can verify it), and names each window, and where it can
 * each reading, that does not match.
 *
 * @example
 * const report = await verifyTelemetry({ store, ledger, identity: auditor, shipmentId: 'S1' });
 * report.windows.filter((w) => w.verdict === 'mismatch');
 */
export async function verifyTelemetry(input: { store: TelemetryStore; ledger: Ledger; identity: LedgerIdentity; shipmentId: string }): Promise<TelemetryVerification> {
    const { store, ledger, identity, shipmentId } = input;
    const anchoredList = JSON.parse(Buffer.from(await ledger.evaluate(identity, 'telemetry:listDigests', [shipmentId])).toString('utf8')) as TelemetryDigest[];
    // An anchored window may start later than the stored one (at the sensor's attachment), never outside it.
    const anchored = new Set(anchoredList);
    const windows: WindowVerification[] = [];
    for (const stored of await store.windows(shipmentId)) {
        const digest = [...anchored].find(
            (d) => d.sensorId === stored.sensorId && Date.parse(stored.windowStart) <= Date.parse(d.windowStart) && Date.parse(d.windowStart) < Date.parse(stored.windowEnd),
        );
        if (digest) {
            anchored.delete(digest);
        }
        if (stored.count === 0 && !digest) {
            continue;
        }
        const base = { sensorId: stored.sensorId, windowStart: stored.windowStart, windowEnd: stored.windowEnd, stored: pickDigest(stored) };
        if (!digest) {
            windows.push({ ...base, verdict: 'not_anchored' });
            continue;
        }
        const matches = digest.merkleRoot === stored.merkleRoot && digest.count === stored.count && digest.minC === stored.minC && digest.maxC === stored.maxC;
        windows.push({
            ...base,
            verdict: matches ? 'verified' : 'mismatch',
            anchored: { ...pickDigest(digest), txId: digest.txId, anchoredAt: digest.anchoredAt },
            ...(matches ? {} : { alteredReadings: (await store.alteredReadings(stored)).map(({ sensorId, seq }) => ({ sensorId, seq })) }),
        });
    }
    for (const digest of anchored.values()) {
        windows.push({
            sensorId: digest.sensorId,
            windowStart: digest.windowStart,
            windowEnd: digest.windowEnd,
            verdict: 'readings_missing',
            anchored: { ...pickDigest(digest), txId: digest.txId, anchoredAt: digest.anchoredAt },
        });
    }
    return { shipmentId, intact: windows.every((w) => w.verdict === 'verified' || w.verdict === 'not_anchored'), windows };
}

function pickDigest(digest: Pick<WindowDigest, 'count' | 'minC' | 'maxC' | 'merkleRoot'>): Pick<WindowDigest, 'count' | 'minC' | 'maxC' | 'merkleRoot'> {
    return { count: digest.count, minC: digest.minC, maxC: digest.maxC, merkleRoot: digest.merkleRoot };
}
