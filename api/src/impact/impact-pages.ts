import { type ImpactPage, Limits } from '@coldtrace/chaincode/model';
import type { JsonLedgerClient, LedgerIdentity } from '@coldtrace/ledger-client';

/**
 * Every page of a batch's impact, read as the caller, one `batch:impact` evaluation of up to 1,000
 * serials at a time, so a batch of any size is read in bounded steps. The first page is read before
 * this resolves: a caller the chaincode refuses hears it before anything is answered.
 *
 * @example
 * for await (const page of await impactPages(ledger, identity, 'B1')) { … }
 */
export async function impactPages(ledger: JsonLedgerClient, identity: LedgerIdentity, batchId: string): Promise<AsyncIterable<ImpactPage>> {
    const read = (bookmark: string) => ledger.evaluate<ImpactPage>(identity, 'batch:impact', [batchId, { pageSize: Limits.impactPageSize, bookmark }]);
    const first = await read('');
    return (async function* () {
        let page = first;
        yield page;
        while (page.bookmark) {
            page = await read(page.bookmark);
            yield page;
        }
    })();
}
