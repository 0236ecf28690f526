import { chmodSync, closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';

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
 * Writes `data` to `path` as a 0600 file through a temporary file renamed over it, so a crash never
 * leaves half a file and the contents are never readable by others, not even for a moment: a
 * temporary file left by an earlier crash is removed rather than reused with its old mode.
 *
 * @example
 * writePrivateFile('data/secrets/jwt.key', randomBytes(48).toString('base64'));
 */
export function writePrivateFile(path: string, data: string | Uint8Array): void {
    const temporary = `${path}.tmp`;
    rmSync(temporary, { force: true });
    // The mode passes through the umask, which may only narrow it; chmod then makes it exact.
    writeFileSync(temporary, data, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
    chmodSync(temporary, PRIVATE_FILE_MODE);
    renameSync(temporary, path);
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
