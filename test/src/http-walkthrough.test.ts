import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { TEST_PASSWORD } from './harness/api-harness';
import { apiSuite } from './harness/api-suite';

const WALKTHROUGH = resolve(__dirname, '../../docs/api-walkthrough.sh');

apiSuite('HTTP API: the curl walk-through of docs/api.md', (ctx) => {
    it('runs from sign-in to trace, history and chain check with curl and jq alone', async () => {
        const { stdout } = await promisify(execFile)('bash', [WALKTHROUGH], { env: { ...process.env, BASE_URL: ctx.api.url, PASSWORD: TEST_PASSWORD }, timeout: 300_000 });
        assert.match(stdout, /walk-through complete: \S+ sold/);
        assert.match(stdout, /"timeline":\["manufactured","inspected","packed","shipped","received","stocked","labeled","sold"\]/);
        assert.match(stdout, /carrier: 403/);
    });
});
