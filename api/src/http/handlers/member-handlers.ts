import type { JsonLedgerClient } from '../../ledger/json-ledger-client';
import type { RouteHandlers } from './route-handlers';

/** The consortium's member directory, read from the ledger as the caller. */
export function memberHandlers(ledger: JsonLedgerClient): RouteHandlers<'listOrganizations' | 'getOrganization'> {
    return {
        listOrganizations: (_request, { identity }) => ledger.evaluate(identity, 'member:list', []),
        getOrganization: ({ params }, { identity }) => ledger.evaluate(identity, 'member:get', [params.mspId]),
    };
}
