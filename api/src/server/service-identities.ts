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

    /** Records excursions and telemetry digests: a carrier identity with the detector attribute. */
    detector(): Promise<LedgerIdentity> {
        return this.identities.of({ username: 'detector@coldtrace', org: defaultOrganization('carrier', this.organizations) }, { [ROLE_ATTRIBUTE]: DETECTOR_ROLE });
    }
}
