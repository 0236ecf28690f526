import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('npm run bench', () => {
    it('refuses an unknown flag with the usage text and status 2, measuring nothing', () => {
        // One process only: loading the benchmarks loads the whole API.
        const result = spawnSync(process.execPath, [join(__dirname, 'main.js'), '--only', 'latency', '--colour'], { encoding: 'utf8', timeout: 60_000 });
        assert.equal(result.status, 2, result.stderr);
        assert.match(result.stderr, /^bench: unknown option --colour\n\nusage: npm run bench/);
        assert.equal(result.stdout, '');
    });
});
