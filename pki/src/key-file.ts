import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { KeyExistsError } from './key-exists-error';

/** Read and write for the owner only: key files. */
export const KEY_FILE_MODE = 0o600;
/** Directories holding keys: only the owner may list or enter them. */
export const KEY_DIRECTORY_MODE = 0o700;

export interface AtomicWriteOptions {
    /** File mode, exact whatever the umask (default 0600). */
    mode?: number;
    /** Replace an existing file (default false: an existing file is an error). */
    overwrite?: boolean;
}

/**
 * Writes a private key to `path` as a new 0600 file, never replacing one that exists (throws
 * {@link KeyExistsError}): see {@link writeFileAtomically}.
 *
 * @example
 * await writeKeyFile('data/msp/CarrierMSP/ca-key.pem', privateKeyPem);
 */
export function writeKeyFile(path: string, data: string | Uint8Array): Promise<void> {
    return writeFileAtomically(path, data, { mode: KEY_FILE_MODE, overwrite: false });
}

/**
 * Writes `data` to a temporary file with a name of its own beside `path` (so concurrent writers
 * never share one), with its mode set before any byte is written, flushed to disk, then moved into
 * place: renamed over `path` when `overwrite`, otherwise hard-linked, which fails if `path` exists
 * (a {@link KeyExistsError}), so a crash or a race never leaves a truncated or replaced file.
 *
 * @example
 * await writeFileAtomically('ca/ca-cert.pem', certificatePem, { mode: 0o644 });
 */
export async function writeFileAtomically(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
    const mode = options.mode ?? KEY_FILE_MODE;
    const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
    try {
        const handle = await open(temporary, 'wx', mode);
        try {
            // open's mode passes through the umask, which may only narrow it; chmod makes it exact.
            await handle.chmod(mode);
            await handle.writeFile(data);
            await handle.sync();
        } finally {
            await handle.close();
        }
        if (options.overwrite) {
            await rename(temporary, path);
        } else {
            await link(temporary, path).catch((error: NodeJS.ErrnoException) => {
                throw error.code === 'EEXIST' ? new KeyExistsError(path) : error;
            });
        }
    } finally {
        await rm(temporary, { force: true });
    }
    await syncDirectory(dirname(path));
}

/**
 * Creates `dir` (and missing parents) as 0700, and narrows an existing one to 0700: for
 * directories coldtrace owns outright, such as a CA's.
 *
 * @example
 * await ensureKeyDirectory('data/telemetry/ca');
 */
export async function ensureKeyDirectory(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true, mode: KEY_DIRECTORY_MODE });
    await chmod(dir, KEY_DIRECTORY_MODE);
}

/**
 * Takes group and others' access away from an existing key file, such as one written before keys
 * were kept private; an owner-only file is left alone, even on a read-only mount.
 *
 * @example
 * await narrowKeyFile('data/telemetry/ca/device-ca-key.pem');
 */
export async function narrowKeyFile(path: string): Promise<void> {
    if (((await stat(path)).mode & 0o077) !== 0) {
        await chmod(path, KEY_FILE_MODE);
    }
}

/** Makes the new directory entry itself durable; some file systems cannot sync a directory. */
async function syncDirectory(dir: string): Promise<void> {
    let handle;
    try {
        handle = await open(dir, 'r');
        await handle.sync();
    } catch (error) {
        if (!['EISDIR', 'EINVAL', 'EPERM', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) {
            throw error;
        }
    } finally {
        await handle?.close();
    }
}
