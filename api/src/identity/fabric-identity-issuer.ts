import { readFileSync } from 'node:fs';
import { CertificateAuthority } from '@coldtrace/embedded-ledger';
import { decryptPrivateKey, keyPassphraseFromEnvironment } from '@coldtrace/pki';
import { type FabricNetworkConfig, LedgerError, type LedgerIdentity } from '@coldtrace/ledger-client';
import type { IdentityIssuer } from './identity-issuer';

/**
 * {@link IdentityIssuer} on a Fabric network whose organizations' signing CA keys coldtrace holds
 * (the network `npm run network:up` makes, or an operator's own): it signs client certificates with
 * Fabric CA's attribute extension, so peers accept them as members of the organization.
 */
export class FabricIdentityIssuer implements IdentityIssuer {
    private readonly authorities = new Map<string, Promise<CertificateAuthority>>();

    constructor(private readonly config: FabricNetworkConfig) {}

    async issue(mspId: string, userId: string, attributes: Readonly<Record<string, string>> = {}): Promise<LedgerIdentity> {
        return (await this.authority(mspId)).enroll(userId, { attributes: { ...attributes } });
    }

    private authority(mspId: string): Promise<CertificateAuthority> {
        let authority = this.authorities.get(mspId);
        if (!authority) {
            const files = this.config.organizations[mspId]?.ca;
            if (!files) {
                // A member's node holds its own CA only: another organization's users sign in at their own node.
                throw new LedgerError('ACCESS_DENIED', `this coldtrace node holds no signing CA for ${mspId}; its users sign in at ${mspId}'s own node (or enroll them with the organization's Fabric CA and put them in the wallet)`);
            }
            // The key may be kept encrypted (COLDTRACE_KEY_PASSPHRASE), as this node's own keys are.
            const privateKeyPem = decryptPrivateKey(readFileSync(files.keyPath, 'utf8'), keyPassphraseFromEnvironment(), files.keyPath);
            authority = CertificateAuthority.fromPem(mspId, readFileSync(files.certPath, 'utf8'), privateKeyPem, files.certPath);
            this.authorities.set(mspId, authority);
        }
        return authority;
    }
}
