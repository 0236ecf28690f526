import type { LedgerIdentity } from '@coldtrace/ledger-client';

/**
 * Issues an X.509 identity of one organization for one user, with Fabric CA-style attributes in
 * the certificate. On the embedded ledger its CA issues; on Fabric, the organization's CA.
 *
 * @example
 * const identity = await issuer.issue('RetailerMSP', 'alice');
 */
export interface IdentityIssuer {
    issue(mspId: string, userId: string, attributes?: Readonly<Record<string, string>>): Promise<LedgerIdentity>;
    /**
     * Revokes the user's certificates so the ledger itself refuses them: on Fabric the CA revokes
     * them and its CRL goes into the organization's channel MSP; the embedded ledger puts
     * `certificate` into the CRL its channel MSP keeps.
     */
    revoke(mspId: string, userId: string, certificate: string): Promise<void>;
    /**
     * Makes the ledger trust a newly proposed organization, where the issuer can (the embedded
     * ledger creates its CA and MSP at once); on Fabric the channel update of `network:add-org` does it.
     */
    trustOrganization?(mspId: string): Promise<void>;
}
