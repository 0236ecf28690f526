import type { EmbeddedLedger } from '@coldtrace/embedded-ledger';
import type { LedgerIdentity } from '@coldtrace/ledger-client';
import type { IdentityIssuer } from './identity-issuer';

/** {@link IdentityIssuer} on the embedded ledger: its per-organization CA enrolls the user. */
export class EmbeddedIdentityIssuer implements IdentityIssuer {
    constructor(private readonly ledger: EmbeddedLedger) {}

    issue(mspId: string, userId: string, attributes: Readonly<Record<string, string>> = {}): Promise<LedgerIdentity> {
        return this.ledger.enroll(mspId, userId, { ...attributes });
    }

    revoke(mspId: string, _userId: string, certificate: string): Promise<void> {
        return this.ledger.revoke(mspId, certificate);
    }

    trustOrganization(mspId: string): Promise<void> {
        return this.ledger.addOrganization(mspId);
    }
}
