import { strict as assert } from 'node:assert';
import { type DetectedExcursion, type DetectionInput, detectExcursions, ExcursionStateMachine, excursionIdOf, inDetectionOrder, type TimedReading } from './excursion-detection';

const T0 = Date.UTC(2026, 10, 20, 10, 0);
const minute = (m: number) => T0 + m * 60_000;
/** One reading a minute with these temperatures. */
const series = (temps: number[]): TimedReading[] => temps.map((tempC, i) => ({ tsMs: minute(i), seq: i, tempC }));
const profile = { minC: 2, maxC: 8, maxExcursionMinutes: 3 };
const detect = (readings: TimedReading[], horizonMs = Number.MAX_SAFE_INTEGER, overrides: Partial<DetectionInput> = {}) =>
    detectExcursions({ shipmentId: 'S-1', sensorId: 'T-1', profile, readings, horizonMs, ...overrides });

describe('excursion detection (event-time state machine)', () => {
    it('ignores a warning shorter than the tolerated minutes', () => {
        assert.deepEqual(detect(series([5, 9, 10, 9, 5])).excursions, []);
    });

    it('records an excursion once out of range for the tolerated minutes, and closes it back in range', () => {
        const { excursions } = detect(series([5, 9, 12, 10, 9, 11, 5, 5]));
        assert.equal(excursions.length, 1);
        const [e] = excursions;
        assert.ok(e);
        assert.deepEqual(
            { ...e, meanKineticC: undefined },
            {
                excursionId: excursionIdOf('S-1', 'T-1', 'high', minute(1)),
                shipmentId: 'S-1',
                sensorId: 'T-1',
                kind: 'high',
                startAt: new Date(minute(1)).toISOString(),
                endAt: new Date(minute(6)).toISOString(),
                peakC: 12,
                durationMinutes: 5,
                meanKineticC: undefined,
            },
        );
        // MKT of 9, 12, 10, 9, 11 lies between their mean and their maximum.
        assert.ok(e.meanKineticC! > 10.2 && e.meanKineticC! < 12, `MKT ${e.meanKineticC}`);
    });

    it('reports an excursion still running as open, with its duration so far', () => {
        const [e] = detect(series([5, 1, 0, -1, 1])).excursions;
        assert.ok(e);
        assert.equal(e.kind, 'low');
        assert.equal(e.endAt, undefined);
        assert.equal(e.peakC, -1);
        assert.equal(e.durationMinutes, 3);
    });

    it('goes straight from a high excursion to a low warning', () => {
        const { excursions } = detect(series([9, 9, 9, 9, 1, 1, 5]));
        assert.deepEqual(
            excursions.map((e) => [e.kind, e.endAt]),
            [['high', new Date(minute(4)).toISOString()]],
        );
    });

    it('opens at once when no excursion time is tolerated', () => {
        const { excursions } = detect(series([5, 9]), undefined, { profile: { ...profile, maxExcursionMinutes: 0 } });
        assert.equal(excursions.length, 1);
    });

    it('waits for the horizon: nothing before it is known, an end after it is not yet final', () => {
        const readings = series([5, 9, 9, 9, 9, 5]);
        assert.deepEqual(detect(readings, minute(3)).excursions, []);
        assert.equal(detect(readings, minute(4)).excursions[0]?.endAt, undefined);
        assert.equal(detect(readings, minute(5)).excursions[0]?.endAt, new Date(minute(5)).toISOString());
    });

    it('gives the same excursions whatever the arrival order and however often readings repeat', () => {
        const readings = series([5, 9, 12, 10, 9, 11, 5, 1, 0, 0, 1, 1, 6]);
        const expected = detect(readings);
        let seed = 7;
        for (let round = 0; round < 20; round++) {
            const shuffled = [...readings, ...readings.slice(3, 9)].sort(() => ((seed = (seed * 48271) % 2147483647) % 3) - 1);
            assert.deepEqual(detect(inDetectionOrder(shuffled)), expected);
        }
        assert.equal(expected.excursions.length, 2);
    });

    it('restarts from its checkpoint with the same result as from the beginning', () => {
        const readings = series([5, 9, 9, 9, 9, 5, 5, 1, 1, 1, 1, 1, 5]);
        const partial = detect(readings, minute(6));
        assert.deepEqual(partial.checkpoint, { tsMs: minute(6), seq: 6 });
        const resumed = detect(readings.filter((r) => r.tsMs > partial.checkpoint!.tsMs));
        assert.deepEqual([...partial.excursions, ...resumed.excursions], detect(readings).excursions);
    });

    it('kept running over readings fed a few at a time, tells the same excursions and checkpoints as one pass over them all', () => {
        const readings = series([5, 9, 12, 10, 9, 11, 5, 5, 1, 0, 12, 13, 14, 15, 16, 5, 1, 1, 1, 1, 1, 1]);
        const whole = detect(readings);
        for (const chunk of [1, 2, 3, 5, 7]) {
            const machine = new ExcursionStateMachine('S-1', 'T-1', profile);
            const told = new Map<string, DetectedExcursion>();
            let checkpoint;
            for (let at = 0; at < readings.length; at += chunk) {
                const result = machine.advance(readings.slice(at, at + chunk), Number.MAX_SAFE_INTEGER);
                // The running one is told again with each step; the last telling is what it became.
                result.excursions.forEach((e) => told.set(e.excursionId, e));
                checkpoint = result.checkpoint ?? checkpoint;
            }
            assert.deepEqual([...told.values()], whole.excursions, `fed ${chunk} at a time`);
            assert.deepEqual(checkpoint, whole.checkpoint);
            assert.deepEqual(machine.fedUpTo, { tsMs: readings.at(-1)!.tsMs, seq: readings.at(-1)!.seq });
        }
    });

    it('kept running, feeds nothing past the horizon and takes it up in a later step', () => {
        const readings = series([5, 9, 12, 10, 9, 11, 5]);
        const machine = new ExcursionStateMachine('S-1', 'T-1', profile);
        assert.deepEqual(machine.advance(readings, minute(3)).excursions, []);
        assert.deepEqual(machine.fedUpTo, { tsMs: minute(3), seq: 3 });
        const rest = machine.advance(readings.slice(4), Number.MAX_SAFE_INTEGER);
        assert.deepEqual(rest, detect(readings));
    });
});
