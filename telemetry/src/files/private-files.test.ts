import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrivateFile, ensurePrivateDirectory, writePrivateFile } from './private-files';

describe('private files', () => {
    let dir: string;
    const mode = (path: string) => statSync(path).mode & 0o777;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'coldtrace-private-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('creates owner-only directories and narrows existing ones', () => {
        ensurePrivateDirectory(join(dir, 'a', 'b'));
        assert.equal(mode(join(dir, 'a')), 0o700);
        assert.equal(mode(join(dir, 'a', 'b')), 0o700);
        mkdirSync(join(dir, 'open'), { mode: 0o755 });
        ensurePrivateDirectory(join(dir, 'open'));
        assert.equal(mode(join(dir, 'open')), 0o700);
    });

    it('writes 0600 files, replacing a world-readable file, past a stale temporary one', () => {
        const path = join(dir, 'key.pem');
        writeFileSync(path, 'old', { mode: 0o644 });
        writeFileSync(`${path}.tmp`, 'left by a crash', { mode: 0o666 });
        writePrivateFile(path, 'secret');
        assert.equal(readFileSync(path, 'utf8'), 'secret');
        assert.equal(mode(path), 0o600);
        // Each write has a temporary file of its own: none is left, and a stale one is never reused.
        assert.deepEqual(readdirSync(dir).sort(), ['key.pem', 'key.pem.tmp']);
        assert.equal(readFileSync(`${path}.tmp`, 'utf8'), 'left by a crash');
    });

    it('creates a 0600 file before a library does, and narrows existing ones and their siblings', () => {
        const path = join(dir, 'telemetry.db');
        createPrivateFile(path);
        assert.equal(mode(path), 0o600);
        writeFileSync(`${path}-wal`, '', { mode: 0o644 });
        const old = join(dir, 'old.db');
        writeFileSync(old, 'rows', { mode: 0o644 });
        createPrivateFile(old);
        createPrivateFile(path, ['-wal', '-shm']);
        assert.equal(mode(old), 0o600);
        assert.equal(readFileSync(old, 'utf8'), 'rows', 'an existing file keeps its contents');
        assert.equal(mode(`${path}-wal`), 0o600);
    });
});
