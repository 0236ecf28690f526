import { DETECTOR_ROLE, type MemberInput, ROLE_ATTRIBUTE } from '@coldtrace/chaincode/model';
import { defaultOrganization, FOUNDING_MEMBERS } from '../contract/founding-members';
import type { UserIdentities } from '../identity/user-identities';
import type { LedgerIdentity } from '../ledger/ledger';

/**
 * The identities the backend acts with on its own behalf. Their wallet labels contain "@", which
 * no username may, so a person can never sign in as one.
 */
export class ServiceIdentities {
    constructor(
        private readonly identities: UserIdentities,
        private readonly organizations: readonly MemberInput[] = FOUNDING_MEMBERS,
    ) {}

    /** Records the founding members on a fresh ledger: an identity of the first configured organization. */
    founder(): Promise<LedgerIdentity> {
        return this.identities.of({ username: 'founder@coldtrace', org: this.organizations[0]!.mspId });
    }

    /** Reads the public provenance page for consumers, who have no identity. */
    publicReader(): Promise<LedgerIdentity> {
        return this.identities.of({ username: 'public@coldtrace', org: defaultOrganization('auditor', this.organizations) });
    }

    /** Follows the chaincode events that the API streams to users. */
    eventListener(): Promise<LedgerIdentity> {
        return this.identities.of({ username: 'events@coldtrace', org: defaultOrganization('auditor', this.organizations) });
    }

    /**
     * Records the excursions and telemetry digests of the shipments `carrier` carries (default: the
     * first configured carrier): that organization's identity with the detector attribute, one per
     * carrier (`detector@coldtrace` for the default one, as before, `detector@<MSPID>` for others),
     * issued on first need. The chaincode takes them only from the shipment's own carrier.
     */
    detector(carrier = defaultOrganization('carrier', this.organizations)): Promise<LedgerIdentity> {
        const username = carrier === defaultOrganization('carrier', this.organizations) ? 'detector@coldtrace' : `detector@${carrier}`;
        return this.identities.of({ username, org: carrier }, { [ROLE_ATTRIBUTE]: DETECTOR_ROLE });
    }
}
