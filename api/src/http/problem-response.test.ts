import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { BulkRefusalError } from '@coldtrace/chaincode/model';
import { LedgerError } from '@coldtrace/ledger-client';
import { HttpError } from './http-error';
import { problemFor, problemMiddleware } from './problem-response';

describe('problem responses', () => {
    it('keeps a URIError the server itself threw a 500: only the router’s decoding failure is the caller’s', () => {
        assert.equal(problemFor(new URIError('URI malformed')).problem.status, 500);
        assert.equal(problemFor(new URIError('URI malformed')).unexpected, true);
    });

    it('turns a refused bulk step into a problem listing its refused serials, the reason readable on its own', () => {
        const refusal = new BulkRefusalError('stock', 3, [
            { serial: 'B1.2', code: 'CONFLICT', reason: 'product B1.2 is stocked; it must be received before it can become stocked' },
            { serial: 'B1.3', code: 'FORBIDDEN', reason: 'only the owner of the product (M) may stock product B1.3; caller is R' },
        ]);
        const { problem } = problemFor(LedgerError.fromChaincodeMessage(refusal.message, 'tx1'));
        assert.equal(problem.status, 403);
        assert.equal(problem.detail, 'cannot stock 2 of 3 serials, so none was: B1.3: only the owner of the product (M) may stock product B1.3; caller is R (and 1 more)');
        assert.deepEqual(
            problem.refused?.map((r) => [r.serial, r.code]),
            [
                ['B1.3', 'FORBIDDEN'],
                ['B1.2', 'CONFLICT'],
            ],
        );
        assert.deepEqual([problem.unlisted, problem.counts], [0, { CONFLICT: 1, FORBIDDEN: 1 }]);
        assert.equal(problem.instance, 'urn:coldtrace:tx:tx1');
    });

    it('says when to retry (Retry-After, whole seconds) for an error that carries retryAfterSeconds', async () => {
        const locked = Object.assign(new HttpError(429, 'RATE_LIMITED', 'try again in 5 minutes'), { retryAfterSeconds: 299.2 });
        const app = express();
        app.get('/locked', (_req, _res, next) => next(locked));
        app.get('/refused', (_req, _res, next) => next(new HttpError(403, 'FORBIDDEN', 'no')));
        app.use(problemMiddleware(() => undefined));
        const response = await request(app).get('/locked');
        assert.equal(response.status, 429);
        assert.equal(response.headers['retry-after'], '300');
        assert.equal(response.body.detail, 'try again in 5 minutes');
        assert.equal((await request(app).get('/refused')).headers['retry-after'], undefined);
    });
});
