import { strict as assert } from 'node:assert';
import { FloodGuard } from './flood-guard';

describe('FloodGuard', () => {
    it('admits a burst, then the sustained rate, and flags the flooding device once per period', () => {
        const guard = new FloodGuard({ ratePerSecond: 10, burst: 5, flagEveryMs: 1_000 });
        const decisions = Array.from({ length: 8 }, () => guard.admit('T-1', 0));
        assert.deepEqual(
            decisions.map((d) => d.admitted),
            [true, true, true, true, true, false, false, false],
        );
        assert.deepEqual(decisions.map((d) => d.flag).filter(Boolean), [{ sensorId: 'T-1', droppedSinceLastFlag: 1 }]);
        assert.equal(guard.admit('T-1', 100).admitted, true, 'one token back after 100 ms at 10/s');
        assert.deepEqual(guard.admit('T-1', 100), { admitted: false }, 'refused, but flagged already in this period');
        assert.deepEqual(guard.admit('T-1', 1_100), { admitted: true });
        assert.equal(guard.throttled, 4);
    });

    it('keeps other devices at full speed while one floods', () => {
        const guard = new FloodGuard({ ratePerSecond: 1, burst: 2 });
        for (let i = 0; i < 100; i++) {
            guard.admit('FLOOD', 0);
        }
        assert.equal(guard.admit('QUIET', 0).admitted, true);
        assert.equal(guard.admit('QUIET', 0).admitted, true);
    });
});
