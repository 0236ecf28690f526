import { ORDER_TERMS_TRANSIENT_KEY, orderTermsHolders } from '@coldtrace/chaincode/model';
import type { JsonLedgerClient } from '@coldtrace/ledger-client';
import type { RouteHandlers } from './route-handlers';

/**
 * Orders: the price travels as transient data into the buyer's and the seller's implicit private
 * collections, endorsed by their two peers only, and never into a block. It is read back from the
 * caller's own organization's collection, so only the caller's own peer may answer.
 */
export function orderHandlers(ledger: JsonLedgerClient): RouteHandlers<'placeOrder' | 'acceptOrder' | 'listOrders' | 'getOrder' | 'getOrderTerms'> {
    return {
        placeOrder: async ({ body }, { identity }) => {
            const { unitPrice, currency, ...order } = body;
            if (unitPrice === undefined) {
                return ledger.submit(identity, 'order:place', [order]);
            }
            // A dry run on the caller's own peer, without the price, refuses a bad order in the
            // chaincode's words (say, a seller that is no member and so has no peer to endorse)
            // before the price goes to any other organization's peer.
            await ledger.evaluate(identity, 'order:place', [order]);
            const endorsingOrganizations = orderTermsHolders({ retailer: identity.mspId, manufacturer: order.manufacturer });
            return ledger.submit(identity, 'order:place', [order], { [ORDER_TERMS_TRANSIENT_KEY]: JSON.stringify({ unitPrice, currency }) }, { endorsingOrganizations });
        },
        acceptOrder: ({ params }, { identity }) => ledger.submit(identity, 'order:accept', [params.orderId]),
        listOrders: ({ query }, { identity }) => ledger.evaluate(identity, 'order:list', [query]),
        getOrder: ({ params }, { identity }) => ledger.evaluate(identity, 'order:get', [params.orderId]),
        getOrderTerms: ({ params }, { identity }) => ledger.evaluate(identity, 'order:getTerms', [params.orderId], { endorsingOrganizations: [identity.mspId] }),
    };
}
