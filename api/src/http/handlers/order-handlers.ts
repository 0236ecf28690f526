import { ORDER_TERMS_TRANSIENT_KEY } from '@coldtrace/chaincode/model';
import type { JsonLedgerClient } from '../../ledger/json-ledger-client';
import type { RouteHandlers } from './route-handlers';

/** Orders: the price travels as transient data, so it reaches the private collection and never a block. */
export function orderHandlers(ledger: JsonLedgerClient): RouteHandlers<'placeOrder' | 'acceptOrder' | 'listOrders' | 'getOrder' | 'getOrderTerms'> {
    return {
        placeOrder: async ({ body }, { identity }) => {
            const { unitPrice, currency, ...order } = body;
            const transient = unitPrice === undefined ? undefined : { [ORDER_TERMS_TRANSIENT_KEY]: JSON.stringify({ unitPrice, currency }) };
            return ledger.submit(identity, 'order:place', [order], transient);
        },
        acceptOrder: ({ params }, { identity }) => ledger.submit(identity, 'order:accept', [params.orderId]),
        listOrders: ({ query }, { identity }) => ledger.evaluate(identity, 'order:list', [query]),
        getOrder: ({ params }, { identity }) => ledger.evaluate(identity, 'order:get', [params.orderId]),
        getOrderTerms: ({ params }, { identity }) => ledger.evaluate(identity, 'order:getTerms', [params.orderId]),
    };
}
