import type { Member, MemberMotion } from '@coldtrace/chaincode/model';
import type { IdentityIssuer } from '../../identity/identity-issuer';
import type { JsonLedgerClient } from '@coldtrace/ledger-client';
import type { RouteHandlers } from './route-handlers';

type MemberRoutes =
    | 'listOrganizations'
    | 'getOrganization'
    | 'proposeOrganization'
    | 'approveOrganization'
    | 'rejectOrganization'
    | 'suspendOrganization'
    | 'reinstateOrganization'
    | 'listOrganizationMotions';

/**
 * The consortium's member directory and its motions, on the ledger as the caller: the chaincode
 * decides who may propose and approve (administrators of active members). A proposal the ledger
 * recorded is trusted at once where the issuer can (the embedded ledger creates the organization's
 * CA and MSP), so its users can act as soon as a majority admitted it.
 */
export function memberHandlers(ledger: JsonLedgerClient, issuer?: Pick<IdentityIssuer, 'trustOrganization'>): RouteHandlers<MemberRoutes> {
    return {
        listOrganizations: async ({ query }, { identity }) => {
            const members = await ledger.evaluate<Member[]>(identity, 'member:list', []);
            return query.status ? members.filter((member) => member.status === query.status) : members;
        },
        getOrganization: ({ params }, { identity }) => ledger.evaluate(identity, 'member:get', [params.mspId]),
        proposeOrganization: async ({ body }, { identity }) => {
            const member = await ledger.submit<Member>(identity, 'member:propose', [body]);
            await issuer?.trustOrganization?.(member.mspId);
            return member;
        },
        approveOrganization: ({ params }, { identity }) => ledger.submit<MemberMotion>(identity, 'member:approve', [params.mspId]),
        rejectOrganization: ({ params }, { identity }) => ledger.submit<MemberMotion>(identity, 'member:reject', [params.mspId]),
        suspendOrganization: ({ params }, { identity }) => ledger.submit<MemberMotion>(identity, 'member:suspend', [params.mspId]),
        reinstateOrganization: ({ params }, { identity }) => ledger.submit<MemberMotion>(identity, 'member:reinstate', [params.mspId]),
        listOrganizationMotions: ({ params }, { identity }) => ledger.evaluate(identity, 'member:motions', [params.mspId]),
    };
}
