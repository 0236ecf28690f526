import assert from 'node:assert/strict';
import { assertRefused, ledgerSuite } from './harness/suite';
import { GTIN } from './harness/supply-chain-world';

const TERMS = { unitPrice: '12.75', currency: 'EUR' };

/**
 * The consortium scenario of issue 13 on whichever ledger runs it: the embedded one has the second
 * retailer and carrier from the start, the Fabric network of `npm run test:fabric` once
 * `network:add-org` admitted Retailer2MSP and Carrier2MSP (a network without them fails here).
 * Rights come from the relationship to the goods, not from the role alone.
 */
ledgerSuite('consortium: a second retailer orders from the manufacturer, which ships with a second carrier', (ctx) => {
    it('lets only the parties act: the first carrier and retailer are strangers to the goods; the auditor reads; the price stays between buyer and seller', async () => {
        if (!ctx.ledger.has('retailer2') || !ctx.ledger.has('carrier2')) {
            throw new Error(`the ${ctx.ledger.name} ledger has no Retailer2MSP or Carrier2MSP: \`npm run test:fabric\` admits them with \`npm run network:add-org\``);
        }
        const packed = await ctx.world.packed(1);
        const serial = packed.serials[0];
        const { orderId } = await ctx.ledger.submit('retailer2', 'order:place', [{ gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' }], { terms: JSON.stringify(TERMS) });
        await ctx.ledger.submit('manufacturer', 'order:accept', [orderId]);
        const { shipmentId } = await ctx.ledger.submit('manufacturer', 'shipment:create', [{ orderId, handlingUnits: [packed.sscc], carrier: 'Carrier2MSP' }]);

        await assertRefused(ctx, 'carrier', 'shipment:pickup', [shipmentId], 'FORBIDDEN', /carrier named on the shipment \(Carrier2MSP\)/);
        await ctx.ledger.submit('carrier2', 'shipment:pickup', [shipmentId]);
        await ctx.ledger.submit('carrier2', 'shipment:deliver', [shipmentId]);

        await assert.rejects(ctx.ledger.evaluate('retailer', 'order:get', [orderId]), /FORBIDDEN/, 'the first retailer may not read the order');
        await assert.rejects(ctx.ledger.evaluate('retailer', 'query:trace', [serial]), /FORBIDDEN/, 'the first retailer may not trace the product');
        await assertRefused(ctx, 'retailer', 'shipment:receive', [shipmentId], 'FORBIDDEN', /consignee/);
        await assertRefused(ctx, 'retailer', 'anomaly:report', [packed.batchId, { reason: 'not mine to judge' }], 'FORBIDDEN', /RetailerMSP never did/);

        await ctx.ledger.submit('retailer2', 'shipment:receive', [shipmentId]);
        for (const step of ['stock', 'label', 'sell']) {
            await ctx.ledger.submit('retailer2', `product:${step}`, [serial]);
        }
        await ctx.ledger.submit('retailer2', 'anomaly:report', [packed.batchId, { reason: 'customer complaint', serial }]);

        const history: unknown[] = await ctx.ledger.evaluate('auditor', 'query:history', ['product', serial]);
        assert.ok(history.length >= 8, 'the auditor reads every version of the product');
        for (const party of ['retailer2', 'manufacturer'] as const) {
            assert.deepEqual(await ctx.ledger.evaluate(party, 'order:getTerms', [orderId]), { orderId, ...TERMS }, `${party} reads the price`);
        }
        for (const other of ['retailer', 'carrier', 'carrier2', 'auditor'] as const) {
            await assert.rejects(ctx.ledger.evaluate(other, 'order:getTerms', [orderId]), /FORBIDDEN|NOT_FOUND/, `${other} may not read the price`);
        }
    });
});
