import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFixtureLedger, text } from './testing/fixture-ledger';

const WRITER = join(__dirname, 'testing', 'crash-writer.js');

/** Runs the crash writer until it has committed `minHeight` blocks, then kills it with SIGKILL. */
function runAndKill(dataDir: string, minHeight: number, env: NodeJS.ProcessEnv = {}): Promise<{ signal: NodeJS.Signals | null; lastHeight: number }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [WRITER, dataDir, '4'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
        let lastHeight = 0;
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => {
            const heights = [...chunk.toString().matchAll(/height (\d+)/g)].map((m) => Number(m[1]));
            lastHeight = Math.max(lastHeight, ...heights);
            if (lastHeight >= minHeight && !child.killed) {
                // Strike a little later, at a moment the writer cannot know, mid-commit or not.
                setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 15));
            }
        });
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('exit', (code, signal) => (signal ? resolve({ signal, lastHeight }) : reject(new Error(`writer exited with ${code}: ${stderr}`))));
    });
}

/** Every committed transaction wrote a:id and b:id together: after recovery both exist or neither. */
async function assertConsistent(dataDir: string): Promise<number> {
    const { ledger } = await openFixtureLedger({ dataDir });
    try {
        const reader = await ledger.enroll('Org2MSP', 'reader');
        const as = JSON.parse(text(await ledger.evaluate(reader, 'kv:range', ['a:', 'a;']))) as string[];
        const bs = JSON.parse(text(await ledger.evaluate(reader, 'kv:range', ['b:', 'b;']))) as string[];
        assert.deepEqual(
            as.map((k) => k.slice(2)),
            bs.map((k) => k.slice(2)),
        );
        const verification = await ledger.verify();
        assert.equal(verification.ok, true, JSON.stringify(verification));
        // The ledger keeps working after recovery.
        await ledger.submit(reader, 'kv:put', [`after-${ledger.height}`, 'ok']);
        return ledger.height;
    } finally {
        await ledger.close();
    }
}

describe('EmbeddedLedger crash recovery', function () {
    this.timeout(120_000);
    let dataDir: string;

    beforeEach(() => {
        dataDir = mkdtempSync(join(tmpdir(), 'coldtrace-crash-'));
    });

    afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

    it('replays a block that reached the block file but not the state database', async () => {
        const { signal } = await runAndKill(dataDir, 0, { COLDTRACE_LEDGER_FAILPOINT: 'after-block-append' });
        assert.equal(signal, 'SIGKILL');
        // The writer died before its first commit reached the state; the block file has it.
        const height = await assertConsistent(dataDir);
        assert.ok(height >= 2, `expected the replayed block plus one, got height ${height}`);
    });

    it('reopens consistent after SIGKILL at random moments of a busy commit loop', async () => {
        let before = 0;
        for (let round = 0; round < 4; round++) {
            await runAndKill(dataDir, before + 5);
            const height = await assertConsistent(dataDir);
            assert.ok(height > before);
            before = height;
        }
    });

    it('cuts off a block record torn by a crash in the middle of an append', async () => {
        await runAndKill(dataDir, 3);
        const blockFile = join(dataDir, 'blocks', 'blockfile_000000');
        const size = statSync(blockFile).size;
        appendFileSync(blockFile, Buffer.from([0, 0, 0x10, 0x00, 0x7b, 0x22]));
        await assertConsistent(dataDir);
        assert.ok(statSync(blockFile).size > size, 'the next commit appended after the cut');
    });
});
