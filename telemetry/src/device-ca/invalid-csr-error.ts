/**
 * A certificate signing request that cannot be signed: unparsable, badly self-signed, with a key the
 * device CA does not accept. HTTP 400 when it reaches the API.
 */
export class InvalidCsrError extends Error {
    readonly status = 400;
    readonly code = 'INVALID_CSR';

    constructor(reason: string) {
        super(`invalid certificate signing request: ${reason}`);
        this.name = 'InvalidCsrError';
    }
}
