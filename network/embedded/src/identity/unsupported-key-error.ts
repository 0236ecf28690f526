/**
 * The key is not an ECDSA P-256 key, the only kind this network issues and signs with.
 *
 * @example
 * sign(rsaPrivateKeyPem, message); // throws UnsupportedKeyError
 */
export class UnsupportedKeyError extends Error {
    override name = 'UnsupportedKeyError';
    readonly code = 'UNSUPPORTED_KEY';
}
