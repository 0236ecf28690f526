/**
 * The files of a stored CA are missing, unreadable, or do not belong together (the key does not
 * match the certificate, or the certificate is for another MSP).
 *
 * @example
 * await CertificateAuthority.load('/data/msp/CarrierMSP', 'RetailerMSP'); // throws InvalidCaMaterialError
 */
export class InvalidCaMaterialError extends Error {
    override name = 'InvalidCaMaterialError';
    readonly code = 'INVALID_CA_MATERIAL';

    constructor(readonly dir: string, reason: string) {
        super(`invalid CA material in ${dir}: ${reason}`);
    }
}
