import { ADMIN_ATTRIBUTE, canonicalJson } from '@coldtrace/chaincode/model';
import type { LedgerIdentity } from '@coldtrace/ledger-client';
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

    /**
     * The identity of a user of `org`, with certificate attributes when the service needs them; an
     * administrator's carries coldtrace.admin=true, which the chaincode asks of membership motions.
     */
    of(user: { username: string; org: string; admin?: boolean }, attributes: Readonly<Record<string, string>> = {}): Promise<LedgerIdentity> {
        if (user.admin) {
            attributes = { ...attributes, [ADMIN_ATTRIBUTE]: 'true' };
        }
        const label = user.username;
        const key = `${label} ${user.org} ${canonicalJson(attributes)}`;
        let identity = this.pending.get(key);
        if (!identity) {
            identity = this.load(label, user.org, attributes);
            this.pending.set(key, identity);
            identity.catch(() => this.pending.delete(key));
        }
        return identity;
    }

    private async load(label: string, org: string, attributes: Readonly<Record<string, string>>): Promise<LedgerIdentity> {
        const stored = this.wallet.get(label);
        // A user made or unmade an administrator since gets a certificate that says so.
        if (stored && stored.mspId === org && canonicalJson(stored.attributes ?? {}) === canonicalJson(attributes)) {
            const { attributes: _issuedWith, ...identity } = stored;
            return identity;
        }
        const issued = await this.issuer.issue(org, label, attributes);
        this.wallet.put(label, issued, attributes);
        return issued;
    }
}
