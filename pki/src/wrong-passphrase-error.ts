/**
 * An encrypted private key could not be decrypted: the passphrase (COLDTRACE_KEY_PASSPHRASE) is
 * missing or is not the one the key was encrypted with.
 *
 * @example
 * decryptPrivateKey(encryptedPem, 'not the passphrase'); // throws WrongPassphraseError
 */
export class WrongPassphraseError extends Error {
    override name = 'WrongPassphraseError';
    readonly code = 'WRONG_KEY_PASSPHRASE';

    constructor(
        readonly source: string,
        missing: boolean,
    ) {
        super(
            missing
                ? `${source} is encrypted: set COLDTRACE_KEY_PASSPHRASE to the passphrase it was encrypted with`
                : `${source} cannot be decrypted: COLDTRACE_KEY_PASSPHRASE is not the passphrase it was encrypted with`,
        );
    }
}
