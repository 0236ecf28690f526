import type { CommissionedSerials } from '@coldtrace/chaincode/model';
import type { JsonLedgerClient } from '@coldtrace/ledger-client';
import { createBatch } from './batch-creation';
import type { RouteHandlers } from './route-handlers';

/**
 * Batches: a create request is committed in chunks the chaincode accepts, so a 100,000-serial request
 * is several small Fabric transactions, all or nothing as seen from outside and resumable by sending it
 * again (see {@link createBatch}); a later addition is one transaction.
 */
export function batchHandlers(
    ledger: JsonLedgerClient,
): RouteHandlers<'createBatch' | 'commissionSerials' | 'listBatches' | 'getBatch' | 'listBatchSerials' | 'reportAnomaly' | 'investigateAnomaly' | 'clearAnomaly' | 'recallBatch'> {
    return {
        createBatch: ({ body }, { identity }) => createBatch(ledger, identity, body),
        commissionSerials: async ({ params, body }, { identity }) => {
            const { batchId, serials } = await ledger.submit<CommissionedSerials>(identity, 'batch:commission', [params.batchId, body]);
            return { batchId, serials };
        },
        listBatches: ({ query }, { identity }) => ledger.evaluate(identity, 'batch:list', [query]),
        getBatch: ({ params }, { identity }) => ledger.evaluate(identity, 'batch:get', [params.batchId]),
        listBatchSerials: ({ params, query }, { identity }) => ledger.evaluate(identity, 'batch:listSerials', [params.batchId, query]),
        reportAnomaly: ({ params, body }, { identity }) => ledger.submit(identity, 'anomaly:report', [params.batchId, body]),
        investigateAnomaly: ({ params, body }, { identity }) => ledger.submit(identity, 'anomaly:investigate', [params.batchId, params.anomalyId, body]),
        clearAnomaly: ({ params, body }, { identity }) => ledger.submit(identity, 'anomaly:clear', [params.batchId, params.anomalyId, body]),
        recallBatch: ({ params, body }, { identity }) => ledger.submit(identity, 'anomaly:recall', [params.batchId, params.anomalyId, body]),
    };
}
