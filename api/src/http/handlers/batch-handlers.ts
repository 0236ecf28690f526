import { Limits, type CommissionInput, type CreateBatchInput } from '@coldtrace/chaincode/model';
import type { CreatedBatch } from '../../contract';
import type { JsonLedgerClient } from '../../ledger/json-ledger-client';
import type { LedgerIdentity } from '../../ledger/ledger';
import type { RouteHandlers } from './route-handlers';

/**
 * Batches: created with their first chunk of serials in one transaction, the rest commissioned in
 * chunks the chaincode accepts, so a 100,000-serial request is several small Fabric transactions.
 */
export function batchHandlers(ledger: JsonLedgerClient): RouteHandlers<'createBatch' | 'commissionSerials' | 'listBatches' | 'getBatch' | 'listBatchSerials' | 'reportAnomaly' | 'clearAnomaly'> {
    return {
        createBatch: async ({ body }, { identity }) => {
            const { serials, quantity, ...batch } = body;
            const chunks = serialChunks({ serials, quantity });
            const created = await ledger.submit<CreatedBatch>(identity, 'batch:create', [{ ...batch, ...chunks[0] } satisfies CreateBatchInput]);
            return { batchId: created.batchId, serials: [...created.serials, ...(await commission(ledger, identity, created.batchId, chunks.slice(1)))] };
        },
        commissionSerials: async ({ params, body }, { identity }) => ({
            batchId: params.batchId,
            serials: await commission(ledger, identity, params.batchId, serialChunks(body)),
        }),
        listBatches: ({ query }, { identity }) => ledger.evaluate(identity, 'batch:list', [query]),
        getBatch: ({ params }, { identity }) => ledger.evaluate(identity, 'batch:get', [params.batchId]),
        listBatchSerials: ({ params, query }, { identity }) => ledger.evaluate(identity, 'batch:listSerials', [params.batchId, query]),
        reportAnomaly: ({ params, body }, { identity }) => ledger.submit(identity, 'anomaly:report', [params.batchId, body]),
        clearAnomaly: ({ params, body }, { identity }) => ledger.submit(identity, 'anomaly:clear', [params.batchId, params.anomalyId, body]),
    };
}

async function commission(ledger: JsonLedgerClient, identity: LedgerIdentity, batchId: string, chunks: CommissionInput[]): Promise<string[]> {
    const serials: string[] = [];
    for (const chunk of chunks) {
        serials.push(...(await ledger.submit<CreatedBatch>(identity, 'batch:commission', [batchId, chunk])).serials);
    }
    return serials;
}

/** Splits serials or a quantity into transaction-sized chunks, in order. */
export function serialChunks(input: { serials?: string[]; quantity?: number }): CommissionInput[] {
    const size = Limits.serialsPerTransaction;
    const chunks: CommissionInput[] = [];
    if (input.serials) {
        for (let i = 0; i < input.serials.length; i += size) {
            chunks.push({ serials: input.serials.slice(i, i + size) });
        }
    } else {
        for (let left = input.quantity ?? 0; left > 0; left -= size) {
            chunks.push({ quantity: Math.min(size, left) });
        }
    }
    return chunks;
}
