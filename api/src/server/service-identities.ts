import { DETECTOR_ROLE, Org, ROLE_ATTRIBUTE } from '@coldtrace/chaincode/model';
import type { UserIdentities } from '../identity/user-identities';
import type { LedgerIdentity } from '../ledger/ledger';

/**
 * The identities the backend acts with on its own behalf. Their wallet labels contain "@", which
 * no username may, so a person can never sign in as one.
 */
export class ServiceIdentities {
    constructor(private readonly identities: UserIdentities) {}

    /** Reads the public provenance page for consumers, who have no identity. */
    publicReader(): Promise<LedgerIdentity> {
        return this.identities.of({ username: 'public@coldtrace', org: Org.Auditor });
    }

    /** Follows the chaincode events that the API streams to users. */
    eventListener(): Promise<LedgerIdentity> {
        return this.identities.of({ username: 'events@coldtrace', org: Org.Auditor });
    }

    /** Records excursions and telemetry digests: a carrier identity with the detector attribute. */
    detector(): Promise<LedgerIdentity> {
        return this.identities.of({ username: 'detector@coldtrace', org: Org.Carrier }, { [ROLE_ATTRIBUTE]: DETECTOR_ROLE });
    }
}
