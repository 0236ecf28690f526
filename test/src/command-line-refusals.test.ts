import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '../..');

/** The network tools' command lines: an unknown flag is refused with the usage text before any work. */
describe('network tools refuse an unknown flag', function () {
    this.timeout(60_000);

    const run = (script: string, ...args: string[]) => spawnSync(process.execPath, [resolve(REPO_ROOT, script), ...args], { encoding: 'utf8', timeout: 60_000 });

    it('npm run migrate: status 64 (its usage status; 2 means an interrupted, resumable run) and the usage', () => {
        const result = run('network/migration/dist/cli/main.js', '--from', 'embedded:/nowhere', '--colour');
        assert.equal(result.status, 64, result.stderr);
        assert.match(result.stderr, /Unknown option '--colour'[\s\S]*npm run migrate -- --from/);
    });

    it('npm run amb: status 2 and the usage', () => {
        const result = run('network/amb/dist/cli/main.js', 'profile', '--colour');
        assert.equal(result.status, 2, result.stderr);
        assert.match(result.stderr, /^amb: Unknown option '--colour'[\s\S]*npm run amb -- profile/);
    });
});
