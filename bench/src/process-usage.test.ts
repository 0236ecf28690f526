import { strict as assert } from 'node:assert';
import { groupUsageBetween, sampleGroup, sampleProcess, usageBetween } from './process-usage';

describe('process usage', () => {
    it('reads CPU time and memory of a running process and the share of a core it used', () => {
        const before = sampleProcess(process.pid);
        assert.ok(before.rssMiB > 0 && before.peakRssMiB >= before.rssMiB);
        // Round figures: the live sample's CPU seconds plus 0.5 minus themselves need not be 0.5 exactly.
        const start = { ...before, cpuSeconds: 10, atMs: 1_000 };
        const after = { ...start, cpuSeconds: 10.5, atMs: 3_000 };
        assert.equal(usageBetween(start, after).cpuPercent, 25);
    });

    it('fails clearly for a process that does not exist', () => {
        assert.throws(() => sampleProcess(2 ** 22 + 1), /ENOENT/);
    });

    it('sums a group of processes, leaving out one that is gone and counting CPU only of those sampled twice', () => {
        assert.deepEqual(
            sampleGroup([process.pid, 2 ** 22 + 1]).map((s) => s.pid),
            [process.pid],
        );
        const sample = (pid: number, cpuSeconds: number, atMs: number) => ({ pid, cpuSeconds, atMs, rssMiB: 10, peakRssMiB: 12 });
        const usage = groupUsageBetween([sample(1, 1, 0), sample(2, 5, 0)], [sample(1, 2, 2_000), sample(2, 5.5, 2_000), sample(3, 9, 2_000)]);
        assert.deepEqual(usage, { cpuPercent: 75, rssMiB: 30, peakRssMiB: 36 });
    });
});
