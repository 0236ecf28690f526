import type { StoredReading } from '@coldtrace/api/contract';
import { describe, expect, it } from 'vitest';
import { fetchFrom, mergeReadings } from './merge-readings';

const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString();
const reading = (sensorId: string, seq: number, minute: number, tempC = 5) =>
    ({ sensorId, seq, ts: at(minute), tempC, lat: 0, lon: 0, shipmentId: 'SH1', receivedAt: at(minute) }) as StoredReading;

describe('mergeReadings', () => {
    it('adds newer readings once each, in time then sensor order, with a late one where its time puts it', () => {
        const shown = [reading('A', 1, 0), reading('A', 2, 5)];
        const merged = mergeReadings(shown, [reading('A', 2, 5), reading('B', 1, 5), reading('A', 3, 10), reading('B', 0, 1)]);
        expect(merged.map((r) => `${r.sensorId}${r.seq}`)).toEqual(['A1', 'B0', 'A2', 'B1', 'A3']);
    });
});

describe('fetchFrom', () => {
    it('starts at the newest reading shown, or earlier when late readings were stored', () => {
        const shown = [reading('A', 1, 0), reading('A', 2, 5)];
        expect(fetchFrom(shown, at(7))).toBe(at(5));
        expect(fetchFrom(shown, at(2))).toBe(at(2));
        expect(fetchFrom([], at(7))).toBe(at(7));
    });
});
