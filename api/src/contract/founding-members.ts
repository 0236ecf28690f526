import type { MemberInput, MemberRole } from '@coldtrace/chaincode/model';

/**
 * The organizations a fresh coldtrace network starts with when nothing else is configured: one per
 * role, as the demo and `npm run network:up` create them. Configuration, not rules — the chaincode
 * knows them only from their member records. A server started with `--organizations FILE` (or
 * COLDTRACE_ORGANIZATIONS) records the organizations that file lists instead.
 *
 * @example
 * defaultOrganization('carrier'); // 'CarrierMSP'
 */
export const FOUNDING_MEMBERS: readonly MemberInput[] = [
    { mspId: 'ManufacturerMSP', roles: ['manufacturer'], displayName: 'Northwind Pharma' },
    { mspId: 'CarrierMSP', roles: ['carrier'], displayName: 'Polar Express Logistics' },
    { mspId: 'RetailerMSP', roles: ['retailer'], displayName: 'Harbour Pharmacy' },
    { mspId: 'AuditorMSP', roles: ['auditor'], displayName: 'Cold Chain Audit Office' },
];

/**
 * The organizations the all-in-one server on the embedded ledger starts with: the four above and a
 * second retailer and carrier, so the demo shows rights following the relationship to the goods (the
 * second retailer's orders and shipments are its own; the first cannot see them). The Fabric network
 * has the four until `network:add-org` admits more.
 */
export const DEMO_MEMBERS: readonly MemberInput[] = [
    ...FOUNDING_MEMBERS,
    { mspId: 'Retailer2MSP', roles: ['retailer'], displayName: 'Northside Pharmacy' },
    { mspId: 'Carrier2MSP', roles: ['carrier'], displayName: 'Fjord Freight' },
];

/**
 * The first of `organizations` holding `role`: where a user added without an organization acts, and
 * which organization the server's own services (detector, public reader) belong to.
 */
export function defaultOrganization(role: MemberRole, organizations: readonly MemberInput[] = FOUNDING_MEMBERS): string {
    const member = organizations.find((candidate) => candidate.roles.includes(role));
    if (!member) {
        throw new Error(`no configured organization holds the ${role} role`);
    }
    return member.mspId;
}
