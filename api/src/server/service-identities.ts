import { DETECTOR_ROLE, type MemberInput, ROLE_ATTRIBUTE } from '@coldtrace/chaincode/model';
import { defaultOrganization, FOUNDING_MEMBERS } from '../contract/founding-members';
import type { UserIdentities } from '../identity/user-identities';
import { LedgerError, type LedgerIdentity } from '@coldtrace/ledger-client';

/**
 * The identities the backend acts with on its own behalf. Their wallet labels contain "@", which
 * no username may, so a person can never sign in as one. On a member's own node (`home`) every one
 * of them belongs to that organization; the all-in-one server picks them from the configured members.
 *
 * @example
 * const services = newServiceIdentities(identities, config.organizations, config.org);
 * const detector = await services.detector('CarrierMSP');
 */
export interface ServiceIdentities {
    /** Records the founding members on a fresh ledger: an identity of the first configured organization. */
    founder(): Promise<LedgerIdentity>;
    /** Reads the public provenance page for consumers, who have no identity. */
    publicReader(): Promise<LedgerIdentity>;
    /** Follows the chaincode events that the API streams to users, and probes the peers for /healthz. */
    eventListener(): Promise<LedgerIdentity>;
    /**
     * The detector identity of `carrier` (default: this node's organization, else the first
     * configured carrier), issued on first need; another organization's on a member's node is
     * refused with ACCESS_DENIED.
     */
    detector(carrier?: string): Promise<LedgerIdentity>;
}

/**
 * The {@link ServiceIdentities} kept in `identities`, of the configured `organizations`, or all of
 * organization `home` on a member's own node.
 */
export function newServiceIdentities(identities: UserIdentities, organizations: readonly MemberInput[] = FOUNDING_MEMBERS, home?: string): ServiceIdentities {
    return new WalletServiceIdentities(identities, organizations, home);
}

class WalletServiceIdentities implements ServiceIdentities {
    readonly #identities: UserIdentities;
    readonly #organizations: readonly MemberInput[];
    readonly #home: string | undefined;

    constructor(identities: UserIdentities, organizations: readonly MemberInput[], home: string | undefined) {
        this.#identities = identities;
        this.#organizations = organizations;
        this.#home = home;
    }

    /** Records the founding members on a fresh ledger: an identity of the first configured organization. */
    founder(): Promise<LedgerIdentity> {
        return this.#identities.of({ username: 'founder@coldtrace', org: this.#home ?? this.#firstOrganization() });
    }

    #firstOrganization(): string {
        const [first] = this.#organizations;
        if (first === undefined) {
            throw new Error('no organization is configured');
        }
        return first.mspId;
    }

    /** Reads the public provenance page for consumers, who have no identity. */
    publicReader(): Promise<LedgerIdentity> {
        return this.#identities.of({ username: 'public@coldtrace', org: this.#home ?? defaultOrganization('auditor', this.#organizations) });
    }

    /** Follows the chaincode events that the API streams to users, and probes the peers for /healthz. */
    eventListener(): Promise<LedgerIdentity> {
        return this.#identities.of({ username: 'events@coldtrace', org: this.#home ?? defaultOrganization('auditor', this.#organizations) });
    }

    /**
     * Records the excursions and telemetry digests of the shipments `carrier` carries (default: this
     * node's organization, else the first configured carrier): that organization's identity with the
     * detector attribute, one per carrier (`detector@coldtrace` for the default one, as before,
     * `detector@<MSPID>` for others), issued on first need. The chaincode takes them only from the
     * shipment's own carrier; a member's node has only its own.
     */
    detector(carrier = this.#defaultCarrier()): Promise<LedgerIdentity> {
        if (this.#home && carrier !== this.#home) {
            return Promise.reject(new LedgerError('ACCESS_DENIED', `this node serves ${this.#home}; the detector of ${carrier} runs on ${carrier}'s own node`));
        }
        const username = carrier === this.#defaultCarrier() ? 'detector@coldtrace' : `detector@${carrier}`;
        return this.#identities.of({ username, org: carrier }, { [ROLE_ATTRIBUTE]: DETECTOR_ROLE });
    }

    #defaultCarrier(): string {
        return this.#home ?? defaultOrganization('carrier', this.#organizations);
    }
}
