import { chmodSync, closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

/** Read and write for the owner only: what a device keeps (its key, readings with GPS positions). */
export const PRIVATE_FILE_MODE = 0o600;
/** Directories that hold such files: only the owner may list or enter them. */
export const PRIVATE_DIRECTORY_MODE = 0o700;

/**
 * Creates `dir` (and missing parents) as 0700, and narrows it to 0700 if it exists, e.g. from an
 * older version that left it 0755: only for directories the device owns outright.
 *
 * @example
 * ensurePrivateDirectory('/var/lib/coldtrace/T-1/queue');
 */
export function ensurePrivateDirectory(dir: string): void {
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
    chmodSync(dir, PRIVATE_DIRECTORY_MODE);
}

/**
 * Opens `path` for appending as a 0600 file, narrowing an existing one to 0600; returns the descriptor.
 *
 * @example
 * const fd = openPrivateFileForAppend('/var/lib/coldtrace/T-1/queue/readings.log');
 */
export function openPrivateFileForAppend(path: string): number {
    const fd = openSync(path, 'a', PRIVATE_FILE_MODE);
    // The mode given to open applies only to a new file, and through the umask: fchmod makes it exact.
    fchmodSync(fd, PRIVATE_FILE_MODE);
    return fd;
}

/**
 * Writes `data` to `path` as a 0600 file, whole or not at all: through a synced temporary file renamed
 * over it, so a crash leaves the old file or the new one. A temporary file left by an earlier crash is
 * removed rather than reused with its old mode.
 *
 * @example
 * writePrivateFile('/var/lib/coldtrace/T-1/key.pem', privateKeyPem);
 */
export function writePrivateFile(path: string, data: string): void {
    const temporary = `${path}.tmp`;
    rmSync(temporary, { force: true });
    const fd = openSync(temporary, 'wx', PRIVATE_FILE_MODE);
    try {
        fchmodSync(fd, PRIVATE_FILE_MODE);
        writeSync(fd, data);
        fsyncSync(fd);
    } finally {
        closeSync(fd);
    }
    renameSync(temporary, path);
}
