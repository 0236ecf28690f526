import type { StoredReading } from '@coldtrace/api/contract';

/**
 * The readings shown plus newer ones fetched since, each (sensor, seq) once, in event-time order as
 * the readings route pages them (time, then sensor, then seq). A fetch from the newest reading's
 * time returns that reading again, and a late one lands where its time puts it.
 *
 * @example
 * mergeReadings(shown, await fetchTelemetry(client, id, { from: shown.at(-1)!.ts }));
 */
export function mergeReadings(shown: readonly StoredReading[], newer: readonly StoredReading[]): StoredReading[] {
    const byKey = new Map(shown.map((r) => [`${r.sensorId}\u0000${r.seq}`, r]));
    for (const reading of newer) {
        byKey.set(`${reading.sensorId}\u0000${reading.seq}`, reading);
    }
    return [...byKey.values()].sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts) || (a.sensorId < b.sensorId ? -1 : a.sensorId > b.sensorId ? 1 : a.seq - b.seq));
}

/** Where to fetch from after `ReadingsStored`: the earlier of the newest reading shown and the first stored. */
export function fetchFrom(shown: readonly StoredReading[], firstStoredAt: string): string {
    const newest = shown.at(-1)?.ts;
    return newest && Date.parse(newest) < Date.parse(firstStoredAt) ? newest : firstStoredAt;
}
