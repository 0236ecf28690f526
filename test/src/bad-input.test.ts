import assert from 'node:assert/strict';
import { assertRefused, ledgerSuite } from './harness/suite';
import { GTIN, OTHER_GTIN } from './harness/supply-chain-world';

ledgerSuite('bad input: a clear refusal and an unchanged ledger', (ctx) => {
    const refuse = (...args: Parameters<typeof assertRefused> extends [unknown, ...infer R] ? R : never) => assertRefused(ctx, ...args);

    it('refuses malformed GS1 identifiers', async () => {
        await refuse('manufacturer', 'batch:create', [ctx.world.batchInput({ gtin: '09506000134353', quantity: 1 })], 'INVALID_ARGUMENT', /gtin: .*check digit/i);
        await refuse('manufacturer', 'batch:create', [ctx.world.batchInput({ gtin: '95060001343', quantity: 1 })], 'INVALID_ARGUMENT', /gtin/);
        await refuse('manufacturer', 'batch:create', [ctx.world.batchInput({ serials: ['OK-1', 'has space'] })], 'INVALID_ARGUMENT', /serials\.1/);
        await refuse('manufacturer', 'batch:create', [ctx.world.batchInput({ serials: ['X'.repeat(21)] })], 'INVALID_ARGUMENT', /serials\.0/);
        const { serials } = await ctx.world.inspected(1);
        await refuse('manufacturer', 'handlingUnit:pack', [{ sscc: '106141411234567890', serials }], 'INVALID_ARGUMENT', /sscc: .*check digit/i);
        await refuse('manufacturer', 'handlingUnit:pack', [{ sscc: '12345', serials }], 'INVALID_ARGUMENT', /sscc/);
        await assert.rejects(ctx.ledger.evaluate('auditor', 'query:trace', ['urn:epc:id:sgtin:bad']), /INVALID_ARGUMENT/);
    });

    it('refuses bad JSON, unknown fields, wrong types and impossible values', async () => {
        await refuse('manufacturer', 'batch:create', ['{not json'], 'INVALID_ARGUMENT', /not valid JSON/);
        await refuse('manufacturer', 'batch:create', [{ ...ctx.world.batchInput({ quantity: 1 }), color: 'red' }], 'INVALID_ARGUMENT', /color/);
        await refuse('manufacturer', 'batch:create', [ctx.world.batchInput({ quantity: 'ten' })], 'INVALID_ARGUMENT', /quantity/);
        await refuse('manufacturer', 'batch:create', [ctx.world.batchInput({ quantity: 1, tempMinC: 8, tempMaxC: 2 })], 'INVALID_ARGUMENT', /tempMaxC/);
        await refuse('manufacturer', 'batch:create', [ctx.world.batchInput({ quantity: 1, expiryDate: '31/12/2030' })], 'INVALID_ARGUMENT', /expiryDate/);
        await refuse('manufacturer', 'batch:create', [ctx.world.batchInput({})], 'INVALID_ARGUMENT', /either serials or quantity/);
        await refuse('retailer', 'order:place', [{ gtin: GTIN, quantity: 0, manufacturer: 'ManufacturerMSP' }], 'INVALID_ARGUMENT', /quantity/);
        await refuse('retailer', 'order:place', [{ gtin: GTIN, quantity: 1, manufacturer: 'CarrierMSP' }], 'INVALID_ARGUMENT', /CarrierMSP does not hold the manufacturer role/);
        await refuse('retailer', 'order:place', [{ gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' }], 'INVALID_ARGUMENT', /currency/, {
            terms: JSON.stringify({ unitPrice: '3.00', currency: 'euro' }),
        });
    });

    it('refuses a GTIN of all zeros, control characters in free text and prices that are not money (issue 12, row 18)', async () => {
        await refuse('manufacturer', 'batch:create', [ctx.world.batchInput({ gtin: '00000000000000', quantity: 1 })], 'INVALID_ARGUMENT', /gtin: .*all zeros/);
        await refuse('manufacturer', 'batch:create', [ctx.world.batchInput({ gtin: '00000000', quantity: 1 })], 'INVALID_ARGUMENT', /gtin: .*all zeros/);
        for (const name of ['Vaccine\u0000X', 'Vaccine \u001b[31mred', 'Vaccine\nX', 'Vaccine\r\n', '\tVaccine', 'Vaccine\u007f', 'Vaccine\u0085']) {
            await refuse(
                'manufacturer',
                'batch:create',
                [ctx.world.batchInput({ productName: name, quantity: 1 })],
                'INVALID_ARGUMENT',
                /productName: must not contain control characters/,
            );
        }
        await refuse('manufacturer', 'batch:create', [ctx.world.batchInput({ lot: 'L1\u0000', quantity: 1 })], 'INVALID_ARGUMENT', /lot: must not contain control characters/);
        const held = await ctx.world.atRetailer(1, 'received');
        await refuse(
            'retailer',
            'anomaly:report',
            [held.batchId, { reason: 'vial cloudy\n\u001b[2J', serial: held.serials[0] }],
            'INVALID_ARGUMENT',
            /reason: must not contain control characters/,
        );

        const order = [{ gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' }];
        const badTerms: [unknown, string, RegExp][] = [
            [5e-324, 'EUR', /unitPrice: .*string/],
            ['5e-324', 'EUR', /unitPrice: must be a decimal string/],
            ['12.5', 'EUR ', /currency/],
            ['0', 'EUR', /unitPrice: must be greater than zero/],
            ['0.00', 'EUR', /unitPrice: must be greater than zero/],
            ['-1.00', 'EUR', /unitPrice: must be a decimal string/],
            ['1,50', 'EUR', /unitPrice: must be a decimal string/],
            ['012.50', 'EUR', /unitPrice: must be a decimal string/],
            ['1000000000', 'EUR', /unitPrice: must be a decimal string/],
            ['12.345', 'EUR', /unitPrice: EUR takes at most 2 decimals/],
            ['1200.5', 'JPY', /unitPrice: JPY takes no decimals/],
            ['1.2345', 'KWD', /unitPrice: KWD takes at most 3 decimals/],
            ['12.50', 'XYZ', /currency: is not an active ISO 4217 currency code/],
        ];
        for (const [unitPrice, currency, reason] of badTerms) {
            await refuse('retailer', 'order:place', order, 'INVALID_ARGUMENT', reason, { terms: JSON.stringify({ unitPrice, currency }) });
        }
        for (const [unitPrice, currency] of [
            ['1200', 'JPY'],
            ['12.345', 'KWD'],
            ['999999999.99', 'EUR'],
            ['0.01', 'USD'],
        ]) {
            const { orderId } = await ctx.ledger.submit('retailer', 'order:place', order, { terms: JSON.stringify({ unitPrice, currency }) });
            assert.deepEqual(await ctx.ledger.evaluate('retailer', 'order:getTerms', [orderId]), { orderId, unitPrice, currency });
        }
    });

    it('refuses oversized batches and asks for chunks', async () => {
        await refuse('manufacturer', 'batch:create', [ctx.world.batchInput({ quantity: 100_001 })], 'INVALID_ARGUMENT', /quantity/);
        const serials = Array.from({ length: 2001 }, (_, i) => `BIG-${i}`);
        await refuse('manufacturer', 'batch:create', [ctx.world.batchInput({ serials })], 'INVALID_ARGUMENT', /serials/);
    });

    it('refuses duplicate ids and serials', async () => {
        const batch = await ctx.world.batch(2);
        await refuse('manufacturer', 'batch:create', [ctx.world.batchInput({ batchId: batch.batchId, quantity: 1 })], 'CONFLICT', /already exists/);
        await refuse('manufacturer', 'batch:create', [ctx.world.batchInput({ serials: [batch.serials[0]] })], 'CONFLICT', /serial .* already exists/);
        await refuse('manufacturer', 'batch:create', [ctx.world.batchInput({ serials: ['DUP-1', 'DUP-1'] })], 'INVALID_ARGUMENT', /listed twice/);
        const shipment = await ctx.world.shipment(1);
        await refuse('carrier', 'shipment:attachSensor', [shipment.shipmentId, shipment.sensorId], 'CONFLICT', /already attached/);
        const orderId = await ctx.world.acceptedOrder(1);
        await refuse('manufacturer', 'shipment:create', [{ orderId, handlingUnits: [shipment.sscc], carrier: 'CarrierMSP' }], 'CONFLICT', /already on shipment/);
    });

    it('refuses steps out of order', async () => {
        const shipment = await ctx.world.shipment(1, 'in_transit');
        const [serial] = shipment.serials;
        await refuse('retailer', 'product:sell', [serial], 'FORBIDDEN', /owner/);
        await refuse('retailer', 'shipment:receive', [shipment.shipmentId], 'CONFLICT', /in_transit; it must be delivered/);
        await refuse('carrier', 'shipment:pickup', [shipment.shipmentId], 'CONFLICT', /in_transit/);
        const received = await ctx.world.atRetailer(1, 'received');
        await refuse('retailer', 'product:sell', [received.serials[0]], 'CONFLICT', /received; it must be labeled before it can become sold/);
        await refuse('retailer', 'product:label', [received.serials[0]], 'CONFLICT', /must be stocked/);
        const batch = await ctx.world.batch(1);
        await refuse('manufacturer', 'handlingUnit:pack', [{ serials: batch.serials }], 'CONFLICT', /manufactured; it must be inspected/);
        const placed = await ctx.ledger.submit('retailer', 'order:place', [{ gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' }]);
        const packed = await ctx.world.packed(1);
        await refuse('manufacturer', 'shipment:create', [{ orderId: placed.orderId, handlingUnits: [packed.sscc], carrier: 'CarrierMSP' }], 'CONFLICT', /only an accepted order/);
    });

    it('refuses unknown ids', async () => {
        await refuse('manufacturer', 'product:inspect', ['NO-SUCH-SERIAL'], 'NOT_FOUND', /product NO-SUCH-SERIAL does not exist/);
        await refuse('manufacturer', 'order:accept', ['NO-SUCH-ORDER'], 'NOT_FOUND');
        await refuse('carrier', 'shipment:pickup', ['NO-SUCH-SHIPMENT'], 'NOT_FOUND');
        await refuse('retailer', 'anomaly:report', ['NO-SUCH-BATCH', { reason: 'complaint' }], 'NOT_FOUND');
        await assert.rejects(ctx.ledger.evaluate('auditor', 'query:trace', ['NOPE-1']), /NOT_FOUND/);
    });

    it('refuses inconsistent shipments and telemetry', async () => {
        const packed = await ctx.world.packed(2);
        const small = await ctx.world.acceptedOrder(1);
        await refuse('manufacturer', 'shipment:create', [{ orderId: small, handlingUnits: [packed.sscc], carrier: 'CarrierMSP' }], 'CONFLICT', /is for 1 units .* hold 2 more/);
        const otherGtin = await ctx.world.acceptedOrder(2, OTHER_GTIN);
        await refuse('manufacturer', 'shipment:create', [{ orderId: otherGtin, handlingUnits: [packed.sscc], carrier: 'CarrierMSP' }], 'INVALID_ARGUMENT', /GTIN/);
        // A frozen batch and a chilled one share no safe range: they cannot travel together.
        const frozen = await ctx.world.batch(1, { tempMinC: -25, tempMaxC: -15 });
        const chilled = await ctx.world.batch(1);
        for (const serial of [...frozen.serials, ...chilled.serials]) {
            await ctx.ledger.submit('manufacturer', 'product:inspect', [serial]);
        }
        const { sscc: mixed } = await ctx.ledger.submit('manufacturer', 'handlingUnit:pack', [{ serials: [...frozen.serials, ...chilled.serials] }]);
        const mixedOrder = await ctx.world.acceptedOrder(2);
        await refuse(
            'manufacturer',
            'shipment:create',
            [{ orderId: mixedOrder, handlingUnits: [mixed], carrier: 'CarrierMSP' }],
            'INVALID_ARGUMENT',
            /share no safe temperature range/,
        );
        const shipment = await ctx.world.shipment(1, 'in_transit');
        await refuse('detector', 'telemetry:recordExcursion', [ctx.world.excursionInput(shipment, { sensorId: 'NOT-ON-BOARD' })], 'INVALID_ARGUMENT', /not attached/);
        await refuse('detector', 'telemetry:recordExcursion', [ctx.world.excursionInput(shipment, { startAt: '2000-01-01T00:00:00Z' })], 'INVALID_ARGUMENT', /not attached .* at/);
        const closed = ctx.world.excursionInput(shipment, { endAt: new Date(Date.now() + 60_000).toISOString() });
        await ctx.ledger.submit('detector', 'telemetry:recordExcursion', [closed]);
        await refuse('detector', 'telemetry:recordExcursion', [{ ...closed, peakC: 30 }], 'CONFLICT', /closed/);
        const digest = ctx.world.digestInput(shipment);
        await ctx.ledger.submit('detector', 'telemetry:anchorDigest', [digest]);
        await refuse('detector', 'telemetry:anchorDigest', [{ ...digest, merkleRoot: 'b'.repeat(64) }], 'CONFLICT', /already anchored/);
        await refuse('detector', 'telemetry:anchorDigest', [{ ...digest, merkleRoot: 'xyz' }], 'INVALID_ARGUMENT', /merkleRoot/);
    });
});
