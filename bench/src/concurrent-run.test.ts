import assert from 'node:assert/strict';
import { runConcurrently } from './concurrent-run';

describe('runConcurrently', () => {
    it('calls once per input with at most `clients` calls in flight, and counts failures apart', async () => {
        let inFlight = 0;
        let mostInFlight = 0;
        const seen: string[] = [];
        const inputs = Array.from({ length: 20 }, (_, i) => `k${i}`);
        const run = await runConcurrently(4, inputs, async (input) => {
            inFlight++;
            mostInFlight = Math.max(mostInFlight, inFlight);
            await new Promise((resolve) => setImmediate(resolve));
            inFlight--;
            seen.push(input);
            if (input === 'k7') {
                throw new Error('refused k7');
            }
        });
        assert.deepEqual([...seen].sort(), [...inputs].sort());
        assert.equal(mostInFlight, 4);
        assert.equal(run.durationsMs.length, 19);
        assert.equal(run.errors, 1);
        assert.equal(run.firstError, 'refused k7');
    });
});
