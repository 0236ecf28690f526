/**
 * The files of a stored CA are missing, unreadable, or do not belong together (a key without its
 * certificate, a key that does not match the certificate, a certificate that is no CA or is for
 * another organization).
 *
 * @example
 * await openOrCreateCaFiles(dir, files, create); // throws InvalidCaMaterialError for a key without certificate
 */
export class InvalidCaMaterialError extends Error {
    override name = 'InvalidCaMaterialError';
    readonly code = 'INVALID_CA_MATERIAL';

    constructor(
        readonly dir: string,
        reason: string,
    ) {
        super(`invalid CA material in ${dir}: ${reason}`);
    }
}
