import assert from 'node:assert/strict';
import { latencyStats } from './latency-stats';

describe('latencyStats', () => {
    it('takes nearest-rank percentiles', () => {
        const stats = latencyStats(Array.from({ length: 100 }, (_, i) => i + 1));
        assert.deepEqual(stats, { count: 100, p50: 50, p95: 95, p99: 99, min: 1, max: 100 });
    });

    it('refuses an empty sample', () => {
        assert.throws(() => latencyStats([]), RangeError);
    });
});
