/** The prefix of Fabric's per-organization private data collections (Fabric 2.0+, no collection config needed). */
export const IMPLICIT_COLLECTION_PREFIX = '_implicit_org_';

/**
 * The implicit private data collection of an organization. Every chaincode has one per channel
 * member: only that organization's peers keep the values, every peer keeps their hashes, and a
 * write to it must be endorsed by one of that organization's peers. So private data shared by any
 * two members is written into each one's implicit collection, with no collection to configure
 * when a member joins.
 *
 * @example
 * implicitCollection('RetailerMSP'); // '_implicit_org_RetailerMSP'
 */
export function implicitCollection(mspId: string): string {
    return `${IMPLICIT_COLLECTION_PREFIX}${mspId}`;
}
