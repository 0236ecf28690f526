/**
 * An encoded signature is malformed: not a strict DER SEQUENCE of two in-range INTEGERs, or not
 * 64 bytes in IEEE P1363 form.
 *
 * @example
 * decodeDerSignature(Uint8Array.of(0x30, 0x00)); // throws MalformedSignatureError
 */
export class MalformedSignatureError extends Error {
    override name = 'MalformedSignatureError';
    readonly code = 'MALFORMED_SIGNATURE';
}
