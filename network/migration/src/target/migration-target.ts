import type { Ledger, LedgerIdentity } from '@coldtrace/ledger-client';

/**
 * The coldtrace ledger a migration writes into, and the organizations it may act as there. The
 * chaincode decides what each may import; the tool only picks, per record, an organization it holds
 * an identity of that the record names as a party.
 *
 * @example
 * const target: MigrationTarget = { ledger, importers: ['ManufacturerMSP'], identity: (org) => issuer.issue(org, 'migration') };
 */
export interface MigrationTarget {
    ledger: Ledger;
    /** The organizations the tool imports as, most preferred first. */
    importers: readonly string[];
    identity(org: string): Promise<LedgerIdentity>;
}

/** Issues each organization's identity once. */
export function cachedIdentities(issue: (org: string) => Promise<LedgerIdentity>): (org: string) => Promise<LedgerIdentity> {
    const issued = new Map<string, Promise<LedgerIdentity>>();
    return (org) => {
        let identity = issued.get(org);
        if (!identity) {
            identity = issue(org);
            issued.set(org, identity);
        }
        return identity;
    };
}
