import type { Member, MemberInput } from '@coldtrace/chaincode/model';

/**
 * A member record as `GET /organizations` answers it, for tests: active, joined on a fixed day.
 *
 * @example
 * member({ mspId: 'Carrier2MSP', roles: ['carrier'], displayName: 'Fjord Freight' }, { status: 'suspended' });
 */
export function member(input: MemberInput, overrides: Partial<Member> = {}): Member {
    const actor = { org: 'ManufacturerMSP', user: 'admin' };
    return {
        ...input,
        docType: 'member',
        status: 'active',
        joinedAt: '2026-11-01T09:00:00.000Z',
        admittedBy: actor,
        updatedBy: actor,
        updatedAt: '2026-11-01T09:00:00.000Z',
        txId: `tx-${input.mspId}`,
        ...overrides,
    };
}

/** A directory with two manufacturers, two carriers (one suspended), a retailer and an auditor. */
export const DIRECTORY: readonly Member[] = [
    member({ mspId: 'ManufacturerMSP', roles: ['manufacturer'], displayName: 'Northwind Pharma', gln: '9506000000008' }),
    member({ mspId: 'Manufacturer2MSP', roles: ['manufacturer'], displayName: 'Alpine Biologics' }),
    member({ mspId: 'CarrierMSP', roles: ['carrier'], displayName: 'Polar Express Logistics' }),
    member({ mspId: 'Carrier2MSP', roles: ['carrier'], displayName: 'Fjord Freight' }, { status: 'suspended' }),
    member({ mspId: 'RetailerMSP', roles: ['retailer', 'carrier'], displayName: 'Harbour Pharmacy' }),
    member({ mspId: 'AuditorMSP', roles: ['auditor'], displayName: 'Cold Chain Audit Office' }),
];
