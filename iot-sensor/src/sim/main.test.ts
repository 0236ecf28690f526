import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('npm run sim', () => {
    it('refuses an unknown flag with the usage text and status 2, before reaching for a broker', () => {
        const result = spawnSync(process.execPath, [join(__dirname, 'main.js'), '--sensors', '2', '--colour'], { encoding: 'utf8', timeout: 60_000 });
        assert.equal(result.status, 2);
        assert.match(result.stderr, /^sim: Unknown option '--colour'[\s\S]*npm run sim -- \[options\]/);
    });

    it('refuses a count that is not a whole number the same way', () => {
        const result = spawnSync(process.execPath, [join(__dirname, 'main.js'), '--sensors', 'many'], { encoding: 'utf8', timeout: 60_000 });
        assert.equal(result.status, 2);
        assert.match(result.stderr, /--sensors must be a whole number, not many/);
    });
});
