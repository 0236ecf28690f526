import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDirectory, narrowToOwner, writePrivateFile } from './private-files';

/**
 * Reads a signing key file, creating a random one (0600, in a 0700 directory) if there is none, so a
 * key never has to be handed in and never lands in the repository. The API's bearer tokens and the
 * carriers' telemetry tokens are each signed with one.
 *
 * @example
 * const key = loadOrCreateSecretKey('data/secrets/telemetry-token.key');
 */
export function loadOrCreateSecretKey(path: string): Buffer {
    if (existsSync(path)) {
        narrowToOwner(path);
    } else {
        ensurePrivateDirectory(dirname(path));
        writePrivateFile(path, randomBytes(48).toString('base64'));
    }
    return Buffer.from(readFileSync(path, 'utf8').trim(), 'utf8');
}
