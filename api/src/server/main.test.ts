import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { SERVER_USAGE } from './server-config';

describe('npm start -- --help', () => {
    it('prints the server usage, not the options of a dependency that reads the command line when it loads', () => {
        const output = execFileSync(process.execPath, [join(__dirname, 'main.js'), '--help'], { encoding: 'utf8', timeout: 60_000 });
        assert.equal(output.trim(), SERVER_USAGE.trim());
    });
});
