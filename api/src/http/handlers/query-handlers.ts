import type { JsonLedgerClient, LedgerIdentity } from '@coldtrace/ledger-client';
import { HttpError } from '../http-error';
import type { RouteHandlers } from './route-handlers';

/**
 * Reads across records: the trace, the consumer's public page (read with the API's own service
 * identity, since a consumer has none; the chaincode returns nothing confidential from it), key
 * history and the hash-chain check.
 */
export function queryHandlers(ledger: JsonLedgerClient, publicReader: () => Promise<LedgerIdentity>): RouteHandlers<'trace' | 'publicProvenance' | 'history' | 'verifyLedger'> {
    return {
        trace: ({ params }, { identity }) => ledger.evaluate(identity, 'query:trace', [params.ref]),
        publicProvenance: async ({ params }) => ledger.evaluate(await publicReader(), 'query:publicProvenance', [params.ref]),
        history: ({ params }, { identity }) => {
            const ids = params.id.split('~');
            return ledger.evaluate(identity, 'query:history', [params.kind, ids.length > 1 ? JSON.stringify(ids) : params.id]);
        },
        verifyLedger: async (_request, { user, identity }) => {
            // Not a chaincode call, so the chaincode cannot refuse it: walking every block is the auditor's job.
            if (user.role !== 'auditor') {
                throw new HttpError(403, 'FORBIDDEN', 'only auditors verify the ledger’s hash chain');
            }
            const check = await ledger.ledger.verifyChain(identity);
            return { ...check, ledger: ledger.ledger.kind };
        },
    };
}
