import assert from 'node:assert/strict';
import { PROBLEM_CONTENT_TYPE, type Problem } from '@coldtrace/api/contract';
import request from 'supertest';
import { apiSuite, assertProblem } from './harness/api-suite';
import { GTIN } from './harness/supply-chain-world';
import { first } from './harness/elements';

apiSuite('HTTP API: bad input is a problem document and leaves the ledger unchanged', (ctx) => {
    const batchBody = { gtin: GTIN, productName: 'Vaccine', quantity: 1, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 };

    /** A raw request as the manufacturer, for what the typed client cannot send. */
    const raw = () => request(ctx.api.url);
    const auth = () => ({ authorization: `Bearer ${ctx.api.tokens.get('manufacturer')}` });
    async function expectProblem(response: request.Response, status: number, code: string): Promise<Problem> {
        assert.equal(response.status, status, response.text);
        assert.match(response.headers['content-type'] ?? '', new RegExp(`^${PROBLEM_CONTENT_TYPE.replace('+', '\\+')}`));
        const problem = JSON.parse(response.text) as Problem;
        assert.equal(problem.code, code);
        assert.equal(problem.status, status);
        assert.ok(problem.type.startsWith('urn:coldtrace:problem:') && problem.title && problem.detail, response.text);
        assert.ok(problem.requestId, 'the problem names the request');
        return problem;
    }

    it('refuses JSON that does not parse (400 BAD_JSON)', async () => {
        const height = await ctx.api.height();
        await expectProblem(await raw().post('/api/v1/batches').set(auth()).set('content-type', 'application/json').send('{"gtin": '), 400, 'BAD_JSON');
        assert.equal(await ctx.api.height(), height);
    });

    it('refuses a body that is not JSON (415) or not an object (400)', async () => {
        await expectProblem(await raw().post('/api/v1/batches').set(auth()).set('content-type', 'text/plain').send('gtin=1'), 415, 'UNSUPPORTED_MEDIA_TYPE');
        await expectProblem(await raw().post('/api/v1/batches').set(auth()).set('content-type', 'application/json').send('[1,2]'), 400, 'VALIDATION_FAILED');
    });

    it('refuses unknown fields, wrong types and malformed GS1 identifiers, naming each field', async () => {
        const m = ctx.api.as('manufacturer');
        const unknown = await assertProblem(ctx.api, () => m.call('createBatch', { body: { ...batchBody, colour: 'red' } as never }), 400, 'VALIDATION_FAILED', /colour/);
        assert.ok(unknown.problem.errors?.some((e) => e.location === 'body'));
        await assertProblem(ctx.api, () => m.call('createBatch', { body: { ...batchBody, quantity: 'ten' } as never }), 400, 'VALIDATION_FAILED', /quantity/);
        await assertProblem(ctx.api, () => m.call('createBatch', { body: { ...batchBody, gtin: '09506000134353' } }), 400, 'VALIDATION_FAILED', /check digit/);
        await assertProblem(
            ctx.api,
            () => m.call('createBatch', { body: { ...batchBody, quantity: undefined, serials: ['bad serial with spaces'] } }),
            400,
            'VALIDATION_FAILED',
            /serials/,
        );
        await assertProblem(ctx.api, () => m.call('packHandlingUnit', { body: { serials: ['X1'], sscc: '123' } }), 400, 'VALIDATION_FAILED', /SSCC/);
        await assertProblem(ctx.api, () => m.call('getProduct', { params: { serial: 'bad serial' } }), 400, 'VALIDATION_FAILED', /params.serial/);
        await assertProblem(ctx.api, () => m.call('listProducts', { query: { state: 'melted' } as never }), 400, 'VALIDATION_FAILED', /state/);
        await assertProblem(
            ctx.api,
            () => ctx.api.as('retailer').call('placeOrder', { body: { gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP', unitPrice: '3.00' } }),
            400,
            'VALIDATION_FAILED',
            /currency/,
        );
    });

    it('refuses a GTIN of all zeros, control characters in free text and prices that are not money (issue 12, row 18)', async () => {
        const m = ctx.api.as('manufacturer');
        await assertProblem(ctx.api, () => m.call('createBatch', { body: { ...batchBody, gtin: '00000000000000' } }), 400, 'VALIDATION_FAILED', /gtin: .*all zeros/);
        for (const productName of ['Vaccine\u0000X', 'Vaccine\u001b[31m', 'Vaccine\nX', 'Vaccine\u009b']) {
            await assertProblem(
                ctx.api,
                () => m.call('createBatch', { body: { ...batchBody, productName } }),
                400,
                'VALIDATION_FAILED',
                /productName: must not contain control characters/,
            );
        }
        await assertProblem(
            ctx.api,
            () => m.call('createBatch', { body: { ...batchBody, lot: 'L\u00001' } }),
            400,
            'VALIDATION_FAILED',
            /lot: must not contain control characters/,
        );
        const r = ctx.api.as('retailer');
        const order = { gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' };
        await assertProblem(ctx.api, () => r.call('placeOrder', { body: { ...order, unitPrice: 5e-324, currency: 'EUR' } as never }), 400, 'VALIDATION_FAILED', /unitPrice/);
        await assertProblem(
            ctx.api,
            () => r.call('placeOrder', { body: { ...order, unitPrice: '5e-324', currency: 'EUR' } }),
            400,
            'VALIDATION_FAILED',
            /unitPrice: must be a decimal string/,
        );
        await assertProblem(
            ctx.api,
            () => r.call('placeOrder', { body: { ...order, unitPrice: '0.00', currency: 'EUR' } }),
            400,
            'VALIDATION_FAILED',
            /unitPrice: must be greater than zero/,
        );
        await assertProblem(
            ctx.api,
            () => r.call('placeOrder', { body: { ...order, unitPrice: '12.345', currency: 'EUR' } }),
            400,
            'VALIDATION_FAILED',
            /unitPrice: EUR takes at most 2 decimals/,
        );
        await assertProblem(
            ctx.api,
            () => r.call('placeOrder', { body: { ...order, unitPrice: '12.5', currency: 'JPY' } }),
            400,
            'VALIDATION_FAILED',
            /unitPrice: JPY takes no decimals/,
        );
        await assertProblem(
            ctx.api,
            () => r.call('placeOrder', { body: { ...order, unitPrice: '12.50', currency: 'XYZ' } }),
            400,
            'VALIDATION_FAILED',
            /currency: is not an active ISO 4217/,
        );
        const { orderId } = await r.call('placeOrder', { body: { ...order, unitPrice: '12.345', currency: 'BHD' } });
        assert.deepEqual(await r.call('getOrderTerms', { params: { orderId } }), { orderId, unitPrice: '12.345', currency: 'BHD' });
    });

    it('passes on the chaincode’s own refusals of impossible values (400 INVALID_ARGUMENT)', async () => {
        const m = ctx.api.as('manufacturer');
        await assertProblem(
            ctx.api,
            () => m.call('createBatch', { body: { ...batchBody, tempMinC: 9, tempMaxC: 2 } }),
            400,
            'INVALID_ARGUMENT',
            /tempMaxC: must be greater than tempMinC/,
        );
        await assertProblem(
            ctx.api,
            () => m.call('createBatch', { body: { ...batchBody, expiryDate: '2020-01-01', productionDate: '2021-01-01' } }),
            400,
            'INVALID_ARGUMENT',
            /expiryDate: must be after productionDate/,
        );
        // With a price the seller's peer must endorse; one that is no member has none, and the order is refused in the chaincode's words first.
        const r = ctx.api.as('retailer');
        await assertProblem(
            ctx.api,
            () => r.call('placeOrder', { body: { gtin: GTIN, quantity: 1, manufacturer: 'NobodyMSP', unitPrice: '1.00', currency: 'EUR' } }),
            400,
            'INVALID_ARGUMENT',
            /manufacturer NobodyMSP is not a member/,
        );
        await assertProblem(
            ctx.api,
            () => r.call('placeOrder', { body: { gtin: GTIN, quantity: 1, manufacturer: 'CarrierMSP', unitPrice: '1.00', currency: 'EUR' } }),
            400,
            'INVALID_ARGUMENT',
            /CarrierMSP does not hold the manufacturer role/,
        );
    });

    it('refuses oversized bodies (413)', async () => {
        const height = await ctx.api.height();
        const huge = JSON.stringify({ ...batchBody, productName: 'x'.repeat(3 * 1024 * 1024) });
        await expectProblem(await raw().post('/api/v1/batches').set(auth()).set('content-type', 'application/json').send(huge), 413, 'PAYLOAD_TOO_LARGE');
        assert.equal(await ctx.api.height(), height);
    });

    it('answers 404 for unknown ids and routes', async () => {
        const m = ctx.api.as('manufacturer');
        await assertProblem(ctx.api, () => m.call('getBatch', { params: { batchId: 'NO-SUCH-BATCH' } }), 404, 'NOT_FOUND', /NO-SUCH-BATCH/);
        await assertProblem(ctx.api, () => m.call('inspectProduct', { params: { serial: 'NOSUCHSERIAL' } }), 404, 'NOT_FOUND');
        await assertProblem(ctx.api, () => ctx.api.as('carrier').call('pickupShipment', { params: { shipmentId: 'NO-SUCH-SHIPMENT' } }), 404, 'NOT_FOUND');
        await assertProblem(ctx.api, () => ctx.api.as('retailer').call('trace', { params: { ref: 'NOSUCHSERIAL' } }), 404, 'NOT_FOUND');
        await expectProblem(await raw().get('/api/v1/no-such-route').set(auth()), 404, 'ROUTE_NOT_FOUND');
        await expectProblem(
            await raw()
                .get('/api/v1/history/gizmo/1')
                .set({ authorization: `Bearer ${ctx.api.tokens.get('auditor')}` }),
            400,
            'VALIDATION_FAILED',
        );
    });

    it('answers 400 MALFORMED_PATH for malformed percent-encoding anywhere in a path, signed in or not', async () => {
        const paths = [
            '/api/v1/public/provenance/%ff',
            '/api/v1/public/provenance/https%3A%2F%2Fid.gs1.org/01/%ZZ',
            '/api/v1/trace/%ZZ',
            '/api/v1/products/%ff',
            '/api/v1/batches/%E0%A4%A',
            '/api/v1/orders/%C0%AE/terms',
            '/api/v1/history/product/%ZZ',
            '/api/v1/no-such-route/%ff',
            '/p/%ff',
        ];
        const height = await ctx.api.height();
        for (const path of paths) {
            for (const headers of [{}, auth()]) {
                const problem = await expectProblem(await raw().get(path).set(headers), 400, 'MALFORMED_PATH');
                assert.match(problem.detail, /percent-encoding/);
            }
        }
        await expectProblem(await raw().post('/api/v1/products/%ff/inspect').set(auth()), 400, 'MALFORMED_PATH');
        assert.equal(await ctx.api.height(), height);
    });

    it('answers 409 for steps out of order and duplicates, with the chaincode’s reason', async () => {
        const m = ctx.api.as('manufacturer');
        const { batchId, serials } = await m.call('createBatch', { body: { ...batchBody, batchId: `DUP-${Date.now()}` } });
        // The same request again is a retry and answers the same; the same id with another body is a conflict.
        await assertProblem(ctx.api, () => m.call('createBatch', { body: { ...batchBody, batchId, productName: 'Another vaccine' } }), 409, 'CONFLICT', /exists/);
        const serial = first(serials, 'units of the batch');
        // Selling before receiving: the product belongs to the manufacturer, so the retailer is refused first.
        await assertProblem(ctx.api, () => ctx.api.as('retailer').call('sellProduct', { params: { serial } }), 403, 'FORBIDDEN');
        await m.call('inspectProduct', { params: { serial } });
        await assertProblem(ctx.api, () => m.call('inspectProduct', { params: { serial } }), 409, 'CONFLICT', /inspected/);
    });
});
