import type { LedgerIdentity } from '../ledger/ledger';
import type { IdentityIssuer } from './identity-issuer';
import type { Wallet } from './wallet';

/**
 * Each user's own ledger identity: taken from the wallet, or issued once and kept there, so a
 * user signs every transaction with the same certificate across restarts.
 *
 * @example
 * const identity = await identities.of({ username: 'alice', org: 'RetailerMSP' });
 */
export class UserIdentities {
    private readonly pending = new Map<string, Promise<LedgerIdentity>>();

    constructor(
        private readonly wallet: Wallet,
        private readonly issuer: IdentityIssuer,
    ) {}

    /** The identity of a user of `org`, with certificate attributes when the service needs them. */
    of(user: { username: string; org: string }, attributes: Readonly<Record<string, string>> = {}): Promise<LedgerIdentity> {
        const label = user.username;
        let identity = this.pending.get(label);
        if (!identity) {
            identity = this.load(label, user.org, attributes);
            this.pending.set(label, identity);
            identity.catch(() => this.pending.delete(label));
        }
        return identity;
    }

    private async load(label: string, org: string, attributes: Readonly<Record<string, string>>): Promise<LedgerIdentity> {
        const stored = this.wallet.get(label);
        if (stored && stored.mspId === org) {
            return stored;
        }
        const issued = await this.issuer.issue(org, label, attributes);
        this.wallet.put(label, issued);
        return issued;
    }
}
