import { BULK_STEPS, type BulkStep, bulkTransaction } from '@coldtrace/chaincode/model';
import { type BulkStepRouteName, bulkStepRouteName } from '../../contract';
import type { JsonLedgerClient } from '@coldtrace/ledger-client';
import type { RouteHandlers } from './route-handlers';

type ProductRoutes = 'listProducts' | 'getProduct' | 'inspectProduct' | 'stockProduct' | 'labelProduct' | 'sellProduct' | 'returnProduct' | 'destroyProduct';

/** Products: each lifecycle step, and the return or destruction of recalled units, is the chaincode's, taken as the caller, on one serial or in bulk. */
export function productHandlers(ledger: JsonLedgerClient): RouteHandlers<ProductRoutes | BulkStepRouteName> {
    const step =
        (action: 'inspect' | 'stock' | 'label' | 'sell' | 'return' | 'destroy'): RouteHandlers<'sellProduct'>['sellProduct'] =>
        ({ params }, { identity }) =>
            ledger.submit(identity, `product:${action}`, [params.serial]);
    return {
        listProducts: ({ query }, { identity }) => ledger.evaluate(identity, 'product:list', [query]),
        getProduct: ({ params }, { identity }) => ledger.evaluate(identity, 'product:get', [params.serial]),
        inspectProduct: step('inspect'),
        stockProduct: step('stock'),
        labelProduct: step('label'),
        sellProduct: step('sell'),
        returnProduct: step('return'),
        destroyProduct: step('destroy'),
        ...bulkStepHandlers(ledger),
    };
}

/** `POST /products/bulk/{step}`: the body as the chaincode takes it, one transaction. */
function bulkStepHandlers(ledger: JsonLedgerClient): RouteHandlers<BulkStepRouteName> {
    const bulk =
        (step: BulkStep): RouteHandlers<'bulkStock'>['bulkStock'] =>
        ({ body }, { identity }) =>
            ledger.submit(identity, bulkTransaction(step), [body]);
    return Object.fromEntries((Object.keys(BULK_STEPS) as BulkStep[]).map((step) => [bulkStepRouteName(step), bulk(step)])) as RouteHandlers<BulkStepRouteName>;
}
