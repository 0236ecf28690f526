import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fchmodSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';

/** Read and write for the owner only: files holding keys, users or telemetry (GPS positions). */
export const PRIVATE_FILE_MODE = 0o600;
/** Directories that hold such files: only the owner may list or enter them. */
export const PRIVATE_DIRECTORY_MODE = 0o700;

/**
 * Creates `dir` (and missing parents) as 0700, and narrows it to 0700 if it exists: for directories
 * coldtrace owns outright (wallet, secrets, telemetry, the device CA), never a directory the operator
 * chose, which may be shared.
 *
 * @example
 * ensurePrivateDirectory('data/wallet');
 */
export function ensurePrivateDirectory(dir: string): void {
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
    chmodSync(dir, PRIVATE_DIRECTORY_MODE);
}

/**
 * Writes `data` to `path` as a 0600 file through a temporary file of its own (so two processes
 * writing at once, such as the server and the detector in one wallet, never share one), flushed and
 * renamed over `path`: a crash never leaves half a file, and the contents are never readable by
 * others, not even for a moment.
 *
 * @example
 * writePrivateFile('data/secrets/jwt.key', randomBytes(48).toString('base64'));
 */
export function writePrivateFile(path: string, data: string | Uint8Array): void {
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
        const fd = openSync(temporary, 'wx', PRIVATE_FILE_MODE);
        try {
            // The mode passes through the umask, which may only narrow it; fchmod then makes it exact.
            fchmodSync(fd, PRIVATE_FILE_MODE);
            writeFileSync(fd, data);
            fsyncSync(fd);
        } finally {
            closeSync(fd);
        }
        renameSync(temporary, path);
    } catch (error) {
        rmSync(temporary, { force: true });
        throw error;
    }
}

/**
 * Makes sure `path` exists as a 0600 file before another library (SQLite) creates it with its own
 * default mode, and narrows it (and its `suffixes` siblings, e.g. `-wal`) to 0600 if they exist.
 *
 * @example
 * createPrivateFile('data/telemetry/telemetry.db', ['-wal', '-shm', '-journal']);
 */
export function createPrivateFile(path: string, suffixes: readonly string[] = []): void {
    closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
    for (const file of [path, ...suffixes.map((suffix) => `${path}${suffix}`)]) {
        narrowToOwner(file);
    }
}

/**
 * Takes group and others' access away from an existing file (one from before files were kept private,
 * or restored from a backup); a file that is already owner-only is left alone, even on a read-only mount.
 *
 * @example
 * narrowToOwner('data/users.json');
 */
export function narrowToOwner(path: string): void {
    if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) {
        chmodSync(path, PRIVATE_FILE_MODE);
    }
}
