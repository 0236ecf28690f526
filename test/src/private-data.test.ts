import assert from 'node:assert/strict';
import { ledgerSuite } from './harness/suite';
import { GTIN } from './harness/supply-chain-world';

ledgerSuite('private data: order terms', (ctx) => {
    it('lets the two parties read an order’s price and nobody else', async () => {
        const { orderId } = await ctx.ledger.submit('retailer', 'order:place', [{ gtin: GTIN, quantity: 10, manufacturer: 'ManufacturerMSP' }], {
            terms: JSON.stringify({ unitPrice: '4.75', currency: 'USD' }),
        });
        assert.deepEqual(await ctx.ledger.evaluate('retailer', 'order:getTerms', [orderId]), { orderId, unitPrice: '4.75', currency: 'USD' });
        assert.deepEqual(await ctx.ledger.evaluate('manufacturer', 'order:getTerms', [orderId]), { orderId, unitPrice: '4.75', currency: 'USD' });
        for (const role of ['carrier', 'detector', 'auditor'] as const) {
            await assert.rejects(ctx.ledger.evaluate(role, 'order:getTerms', [orderId]), /FORBIDDEN: only a manufacturer or retailer may read the price of an order/);
        }
        const order = await ctx.ledger.evaluate('auditor', 'order:get', [orderId]);
        assert.equal(order.hasTerms, true);
        assert.equal(order.unitPrice, undefined);
    });

    it('keeps the price out of the public order even once a carrier is party to it', async () => {
        const shipment = await ctx.world.shipment(1, 'in_transit');
        const order = await ctx.ledger.evaluate('carrier', 'order:get', [shipment.orderId]);
        assert.equal(order.carrier, 'CarrierMSP');
        assert.ok(!JSON.stringify(order).includes('9.99'));
        await assert.rejects(ctx.ledger.evaluate('carrier', 'order:getTerms', [shipment.orderId]), /FORBIDDEN/);
    });
});
