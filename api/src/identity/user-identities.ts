import { ADMIN_ATTRIBUTE, canonicalJson, ROLE_ATTRIBUTE } from '@coldtrace/chaincode/model';
import type { LedgerIdentity } from '@coldtrace/ledger-client';
import type { IdentityIssuer } from './identity-issuer';
import type { Wallet } from './wallet';

/**
 * Each user's own ledger identity: taken from the wallet, or issued once and kept there, so a
 * user signs every transaction with the same certificate across restarts.
 *
 * @example
 * const identities = newUserIdentities(openWallet('data/wallet'), issuer);
 * const identity = await identities.of({ username: 'alice', org: 'RetailerMSP' });
 */
export interface UserIdentities {
    /**
     * The identity of a user of `org`, with certificate attributes when the service needs them: a
     * person's carries their role (coldtrace.role, as the CA registered it), an administrator's
     * also coldtrace.admin=true, which the chaincode asks of membership motions.
     */
    of(user: { username: string; org: string; role?: string; admin?: boolean }, attributes?: Readonly<Record<string, string>>): Promise<LedgerIdentity>;
    /**
     * Revokes the identity kept for `label` (a user removed, a machine client `client:<id>` deleted)
     * so the ledger refuses its certificate from now on, and forgets it; false when there was none.
     *
     * @example
     * await identities.revoke('alice'); // her next transaction is refused by the peers
     */
    revoke(label: string): Promise<boolean>;
}

/** The {@link UserIdentities} kept in `wallet`, issued by `issuer` when missing. */
export function newUserIdentities(wallet: Wallet, issuer: IdentityIssuer): UserIdentities {
    return new WalletUserIdentities(wallet, issuer);
}

class WalletUserIdentities implements UserIdentities {
    readonly #pending = new Map<string, Promise<LedgerIdentity>>();

    readonly #wallet: Wallet;
    readonly #issuer: IdentityIssuer;

    constructor(wallet: Wallet, issuer: IdentityIssuer) {
        this.#wallet = wallet;
        this.#issuer = issuer;
    }

    of(user: { username: string; org: string; role?: string; admin?: boolean }, attributes: Readonly<Record<string, string>> = {}): Promise<LedgerIdentity> {
        if (user.role && !(ROLE_ATTRIBUTE in attributes)) {
            attributes = { ...attributes, [ROLE_ATTRIBUTE]: user.role };
        }
        if (user.admin) {
            attributes = { ...attributes, [ADMIN_ATTRIBUTE]: 'true' };
        }
        const label = user.username;
        const key = `${label} ${user.org} ${canonicalJson(attributes)}`;
        let identity = this.#pending.get(key);
        if (!identity) {
            identity = this.#load(label, user.org, attributes);
            this.#pending.set(key, identity);
            identity.catch(() => this.#pending.delete(key));
        }
        return identity;
    }

    async revoke(label: string): Promise<boolean> {
        for (const key of [...this.#pending.keys()].filter((key) => key.startsWith(`${label} `))) {
            this.#pending.delete(key);
        }
        const stored = this.#wallet.get(label);
        if (!stored) {
            return false;
        }
        await this.#issuer.revoke(stored.mspId, label, stored.certificate);
        this.#wallet.remove(label);
        return true;
    }

    async #load(label: string, org: string, attributes: Readonly<Record<string, string>>): Promise<LedgerIdentity> {
        const stored = this.#wallet.get(label);
        // A user made or unmade an administrator since gets a certificate that says so.
        if (stored && stored.mspId === org && canonicalJson(stored.attributes ?? {}) === canonicalJson(attributes)) {
            const { attributes: _issuedWith, ...identity } = stored;
            return identity;
        }
        const issued = await this.#issuer.issue(org, label, attributes);
        this.#wallet.put(label, issued, attributes);
        return issued;
    }
}
