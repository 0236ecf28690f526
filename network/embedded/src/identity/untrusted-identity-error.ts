/**
 * A certificate was not issued by the organization's CA, was tampered with, or is outside its
 * validity period.
 *
 * @example
 * try {
 *     ca.verify(pem);
 * } catch (error) {
 *     if (error instanceof UntrustedIdentityError) deny(error.message);
 * }
 */
export class UntrustedIdentityError extends Error {
    override name = 'UntrustedIdentityError';
    readonly code = 'UNTRUSTED_IDENTITY';

    constructor(
        readonly mspId: string,
        reason: string,
    ) {
        super(`untrusted identity for ${mspId}: ${reason}`);
    }
}
