import { strict as assert } from 'node:assert';
import { sampleProcess, usageBetween } from './process-usage';

describe('process usage', () => {
    it('reads CPU time and memory of a running process and the share of a core it used', () => {
        const before = sampleProcess(process.pid);
        assert.ok(before.rssMiB > 0 && before.peakRssMiB >= before.rssMiB);
        const after = { ...before, cpuSeconds: before.cpuSeconds + 0.5, atMs: before.atMs + 2000 };
        assert.equal(usageBetween(before, after).cpuPercent, 25);
    });

    it('fails clearly for a process that does not exist', () => {
        assert.throws(() => sampleProcess(2 ** 22 + 1), /ENOENT/);
    });
});
