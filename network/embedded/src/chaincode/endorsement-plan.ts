import type { CollectionConfig } from '../state/collection-config';

/** What decides which organizations' peers endorse one proposal. */
export interface EndorsementRequest {
    /** The creator's organization: its peer is the Gateway's and simulates first. */
    creatorMsp: string;
    /** Organizations the client named (the Gateway's `endorsingOrganizations`), if any. */
    named?: readonly string[];
    hasTransientData: boolean;
}

/**
 * The organizations whose peers simulate a proposal, as a Fabric Gateway would choose them: the
 * ones the client named, else the creator's own. The embedded endorsers stand in for peers of
 * these organizations in turn, so a peer that does not hold a private collection reads only its
 * hashes there too.
 *
 * @example
 * simulatingOrganizations({ creatorMsp: 'RetailerMSP', named: ['RetailerMSP', 'ManufacturerMSP'], hasTransientData: true });
 */
export function simulatingOrganizations(request: EndorsementRequest): string[] {
    return request.named && request.named.length > 0 ? [...new Set(request.named)] : [request.creatorMsp];
}

/**
 * Why Fabric would not commit these private writes with these endorsers, or undefined when it would.
 * With named organizations, every implicit collection written needs its owner among them
 * (the collection's endorsement policy is its organization's). Without, the Gateway lets discovery
 * choose, but with transient data only among organizations that are members of every collection
 * written, so that the data reaches no other organization's peer.
 *
 * @example
 * endorsementProblem(collections, ['_implicit_org_RetailerMSP', '_implicit_org_ManufacturerMSP'], { creatorMsp: 'RetailerMSP', hasTransientData: true });
 * // 'requires endorsement from organisation(s) that are not in the distribution policy …'
 */
export function endorsementProblem(collections: CollectionConfig, written: readonly string[], request: EndorsementRequest): string | undefined {
    if (written.length === 0) {
        return undefined;
    }
    if (request.named && request.named.length > 0) {
        const missing = [...new Set(written.flatMap((collection) => collections.requiredEndorsers(collection)))].filter((mspId) => !request.named?.includes(mspId));
        return missing.length === 0
            ? undefined
            : `ENDORSEMENT_POLICY_FAILURE: the transaction writes the private data of ${missing.join(', ')}, whose peers must endorse it; it was endorsed by ${request.named.join(', ')}`;
    }
    if (request.hasTransientData && collections.commonMembers(written).length === 0) {
        return `requires endorsement from organisation(s) that are not in the distribution policy of the private data collection(s): [${written.join(' ')}]; retry specifying trusted endorsing organizations to protect transient data`;
    }
    return undefined;
}
