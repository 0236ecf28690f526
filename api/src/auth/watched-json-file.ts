import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { PRIVATE_DIRECTORY_MODE, writePrivateFile } from '@coldtrace/telemetry';
import { UserDirectoryError } from './user-directory-error';

/**
 * A 0600 JSON file another process (`npm run admin`) may rewrite while the server runs: read again
 * whenever its modification time or size changed, checked against its schema (a corrupt file is an
 * error that names it, never an empty list), and written whole through a temporary file.
 *
 * @example
 * const file = new WatchedJsonFile('data/users.json', StoredUsers, 'user directory', { users: [] });
 * file.write({ users: [...file.read().users, user] });
 */
export class WatchedJsonFile<T> {
    #value: T;
    /** mtime and size of the file when last read: a different pair means someone else wrote it. */
    #version = '';

    readonly #schema: z.ZodType<T>;
    readonly #what: string;
    readonly #empty: T;

    constructor(
        readonly path: string,
        schema: z.ZodType<T>,
        what: string,
        empty: T,
    ) {
        this.#schema = schema;
        this.#what = what;
        this.#empty = empty;
        this.#value = empty;
    }

    read(): T {
        // One stat, not an exists and a stat: the user directory is read on every request.
        const stat = statSync(this.path, { throwIfNoEntry: false });
        if (!stat) {
            this.#version = '';
            return (this.#value = this.#empty);
        }
        const version = `${stat.mtimeMs}:${stat.size}`;
        if (version === this.#version) {
            return this.#value;
        }
        let raw: unknown;
        try {
            raw = JSON.parse(readFileSync(this.path, 'utf8'));
        } catch (error) {
            throw new UserDirectoryError(`${this.path} is not valid JSON: ${(error as Error).message}`);
        }
        const parsed = this.#schema.safeParse(raw);
        if (!parsed.success) {
            throw new UserDirectoryError(`${this.path} is not a valid ${this.#what}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        }
        this.#value = parsed.data;
        this.#version = version;
        return this.#value;
    }

    write(value: T): void {
        // A data directory created here is private; one the operator made is left as it is.
        mkdirSync(dirname(this.path), { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
        writePrivateFile(this.path, `${JSON.stringify(value, null, 2)}\n`);
        this.#version = '';
        this.read();
    }
}
