/**
 * A key file is already there: keys are never overwritten, since certificates issued for (or by)
 * the old key would stop matching it.
 *
 * @example
 * await writeKeyFile('ca/ca-key.pem', pem); // throws KeyExistsError when ca-key.pem exists
 */
export class KeyExistsError extends Error {
    override name = 'KeyExistsError';
    readonly code = 'KEY_EXISTS';

    constructor(readonly path: string) {
        super(`refusing to overwrite the existing key ${path}`);
    }
}
