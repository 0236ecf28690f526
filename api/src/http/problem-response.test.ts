import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { HttpError } from './http-error';
import { problemFor, problemMiddleware } from './problem-response';

describe('problem responses', () => {
    it('keeps a URIError the server itself threw a 500: only the router’s decoding failure is the caller’s', () => {
        assert.equal(problemFor(new URIError('URI malformed')).problem.status, 500);
        assert.equal(problemFor(new URIError('URI malformed')).unexpected, true);
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
