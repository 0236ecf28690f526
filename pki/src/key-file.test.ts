import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyExistsError } from './key-exists-error';
import { writeFileAtomically, writeKeyFile } from './key-file';

describe('key files', () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'coldtrace-key-file-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('are written 0600 whatever the umask', async () => {
        const previous = process.umask(0);
        try {
            await writeKeyFile(join(dir, 'key.pem'), 'secret');
        } finally {
            process.umask(previous);
        }
        assert.equal(statSync(join(dir, 'key.pem')).mode & 0o777, 0o600);
        assert.equal(readFileSync(join(dir, 'key.pem'), 'utf8'), 'secret');
    });

    it('are never overwritten, and the refused write leaves no temporary file behind', async () => {
        await writeKeyFile(join(dir, 'key.pem'), 'first');
        await assert.rejects(writeKeyFile(join(dir, 'key.pem'), 'second'), KeyExistsError);
        assert.equal(readFileSync(join(dir, 'key.pem'), 'utf8'), 'first');
        assert.deepEqual(readdirSync(dir), ['key.pem']);
    });

    it('do not collide when written concurrently: exactly one writer wins, whole', async () => {
        const contents = Array.from({ length: 8 }, (_, i) => `key ${i} `.repeat(1000));
        const results = await Promise.allSettled(contents.map((content) => writeKeyFile(join(dir, 'key.pem'), content)));
        assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1);
        assert.ok(results.every((result) => result.status === 'fulfilled' || result.reason instanceof KeyExistsError));
        assert.ok(contents.includes(readFileSync(join(dir, 'key.pem'), 'utf8')));
        assert.deepEqual(readdirSync(dir), ['key.pem']);
    });

    it('may replace a public file when asked, each writer with its own temporary file', async () => {
        await Promise.all(['a', 'b', 'c'].map((content) => writeFileAtomically(join(dir, 'cert.pem'), content, { mode: 0o644, overwrite: true })));
        assert.ok(['a', 'b', 'c'].includes(readFileSync(join(dir, 'cert.pem'), 'utf8')));
        assert.equal(statSync(join(dir, 'cert.pem')).mode & 0o777, 0o644);
        assert.deepEqual(readdirSync(dir), ['cert.pem']);
    });
});
