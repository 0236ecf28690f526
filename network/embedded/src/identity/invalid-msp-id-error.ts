/**
 * The MSP ID cannot be used: it becomes a directory name and a certificate subject field, so it
 * is restricted to letters, digits, '.', '_' and '-'.
 *
 * @example
 * await CertificateAuthority.create('../etc'); // throws InvalidMspIdError
 */
export class InvalidMspIdError extends Error {
    override name = 'InvalidMspIdError';
    readonly code = 'INVALID_MSP_ID';

    constructor(readonly mspId: string) {
        super(`invalid MSP ID ${JSON.stringify(mspId)}: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit`);
    }
}

const MSP_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Throws {@link InvalidMspIdError} unless `mspId` is safe as a path segment and DN value. */
export function assertValidMspId(mspId: string): void {
    if (!MSP_ID.test(mspId)) {
        throw new InvalidMspIdError(mspId);
    }
}

/** Whether `mspId` is safe as a path segment and DN value. */
export function isValidMspId(mspId: string): boolean {
    return MSP_ID.test(mspId);
}
