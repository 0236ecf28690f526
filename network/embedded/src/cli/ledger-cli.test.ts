import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedLedger } from '../embedded-ledger';
import { KV_CONTRACT } from '../testing/fixture-ledger';

const CLI = join(__dirname, 'main.js');

function runCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [CLI, ...args, '--chaincode', KV_CONTRACT], { encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('coldtrace-ledger CLI', function () {
    this.timeout(60_000);
    let root: string;

    before(async () => {
        root = mkdtempSync(join(tmpdir(), 'coldtrace-cli-'));
        // A founder and an organization admitted later: the CLI names neither, it finds both CAs.
        const ledger = await EmbeddedLedger.open({
            dataDir: join(root, 'ledger'),
            chaincodePath: KV_CONTRACT,
            collectionsConfigPath: join(KV_CONTRACT, 'collections_config.json'),
            organizations: ['Org1MSP'],
        });
        await ledger.submit(await ledger.enroll('Org1MSP', 'alice'), 'kv:put', ['k1', 'v1']);
        await ledger.addOrganization('Joined3MSP');
        await ledger.submit(await ledger.enroll('Joined3MSP', 'newcomer'), 'kv:put', ['k2', 'v2']);
        await ledger.close();
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    it('verifies a ledger whose blocks were signed by an organization admitted after the founders, discovering the MSPs in ledger/msp', () => {
        const result = runCli('verify', '--data', root);
        assert.equal(result.status, 0, result.stderr);
        assert.equal(JSON.parse(result.stdout).ok, true);
        assert.match(runCli('info', '--data', root).stdout, /chain intact/);
        // Nothing named by the tool itself: no CA appears for an organization the network never had.
        assert.deepEqual(readdirSync(join(root, 'ledger', 'msp')).sort(), ['Joined3MSP', 'Org1MSP']);
    });

    it('refuses a directory with no organization’s CA, saying which directory it looked in', () => {
        const empty = mkdtempSync(join(tmpdir(), 'coldtrace-cli-empty-'));
        try {
            const result = runCli('verify', '--data', empty);
            assert.equal(result.status, 2);
            assert.match(result.stderr, /no organization's CA in .*ledger[/\\]msp/);
        } finally {
            rmSync(empty, { recursive: true, force: true });
        }
    });

    it('refuses an unknown flag with the usage text and status 2, before opening anything', () => {
        const result = runCli('verify', '--data', root, '--colour');
        assert.equal(result.status, 2);
        assert.match(result.stderr, /Unknown option '--colour'[\s\S]*usage: coldtrace-ledger/);
    });
});
