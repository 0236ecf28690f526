import assert from 'node:assert/strict';
import { steadyReadDurations } from './steady-reads';

describe('steadyReadDurations', () => {
    it('reads the keys in turn through the warm-up and times only the samples after it', async () => {
        const read: string[] = [];
        const durations = await steadyReadDurations(['a', 'b', 'c'], async (key) => read.push(key), { warmUp: 4, samples: 3 });
        assert.deepEqual(read, ['a', 'b', 'c', 'a', 'b', 'c', 'a']);
        assert.equal(durations.length, 3);
        assert.ok(durations.every((ms) => ms >= 0));
    });

    it('refuses to read from no keys', async () => {
        await assert.rejects(
            steadyReadDurations([], async () => undefined, { warmUp: 1, samples: 1 }),
            /at least one key/,
        );
    });
});
