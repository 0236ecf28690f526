import type { EmbeddedLedger } from '@coldtrace/embedded-ledger';
import type { LedgerIdentity } from '@coldtrace/ledger-client';
import { type Pkcs11Config, openPkcs11Token, pkcs11ConfigFromEnvironment } from '@coldtrace/pki';
import type { IdentityIssuer } from './identity-issuer';

/**
 * {@link IdentityIssuer} on the embedded ledger: its per-organization CA enrolls the user. With a
 * PKCS#11 token configured (COLDTRACE_PKCS11_LIBRARY, _TOKEN, _PIN) the user's key pair is generated
 * in the token and the identity's privateKey is the key's `pkcs11:` URI: the key never leaves it.
 *
 * @example
 * const alice = await newEmbeddedIdentityIssuer(ledger).issue('RetailerMSP', 'alice');
 */
export function newEmbeddedIdentityIssuer(ledger: EmbeddedLedger, pkcs11: Pkcs11Config | undefined = pkcs11ConfigFromEnvironment()): IdentityIssuer {
    return new EmbeddedIdentityIssuer(ledger, pkcs11);
}

class EmbeddedIdentityIssuer implements IdentityIssuer {
    readonly #ledger: EmbeddedLedger;
    readonly #pkcs11: Pkcs11Config | undefined;

    constructor(ledger: EmbeddedLedger, pkcs11: Pkcs11Config | undefined) {
        this.#ledger = ledger;
        this.#pkcs11 = pkcs11;
    }

    async issue(mspId: string, userId: string, attributes: Readonly<Record<string, string>> = {}): Promise<LedgerIdentity> {
        if (!this.#pkcs11) {
            return this.#ledger.enroll(mspId, userId, { ...attributes });
        }
        const { privateKey, publicKey } = await openPkcs11Token(this.#pkcs11).generateKeyPair(`${mspId}/${userId}`);
        return { mspId, certificate: await this.#ledger.certify(mspId, userId, publicKey, { ...attributes }), privateKey };
    }

    revoke(mspId: string, _userId: string, certificate: string): Promise<void> {
        return this.#ledger.revoke(mspId, certificate);
    }

    trustOrganization(mspId: string): Promise<void> {
        return this.#ledger.addOrganization(mspId);
    }
}
