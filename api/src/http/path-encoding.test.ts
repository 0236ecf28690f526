import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { hasWellFormedPercentEncoding, rejectMalformedPaths } from './path-encoding';
import { problemMiddleware } from './problem-response';

describe('malformed percent-encoding in a path', () => {
    it('tells well-formed paths from malformed ones', () => {
        for (const path of ['/api/v1/trace/DEMO-VAX-0001', '/api/v1/trace/https%3A%2F%2Fid.gs1.org%2F01%2F1', '/p/caf%C3%A9', '/a%25ff']) {
            assert.equal(hasWellFormedPercentEncoding(path), true, path);
        }
        for (const path of ['/%ff', '/%ZZ', '/%E0%A4%A', '/%C0%AE', '/x%', '/%4']) {
            assert.equal(hasWellFormedPercentEncoding(path), false, path);
        }
    });

    /** An app whose routes decode their parameters, with or without the guard in front. */
    function app(guarded: boolean) {
        const unexpected: unknown[] = [];
        const server = express();
        if (guarded) {
            server.use(rejectMalformedPaths());
        }
        server.get('/things/:id', (req, res) => {
            res.json({ id: req.params.id });
        });
        server.use(problemMiddleware((error) => unexpected.push(error)));
        return { server, unexpected };
    }

    for (const guarded of [true, false]) {
        it(`answers 400 MALFORMED_PATH, never a 500 (${guarded ? 'the guard in front' : 'the router’s own URIError'})`, async () => {
            const { server, unexpected } = app(guarded);
            for (const path of ['/things/%ff', '/things/%E0%A4%A', '/things/%C0%AE']) {
                const response = await request(server).get(path);
                assert.equal(response.status, 400, response.text);
                assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/);
                assert.equal(response.body.code, 'MALFORMED_PATH');
                assert.match(response.body.detail, /malformed percent-encoding/);
            }
            assert.deepEqual(unexpected, [], 'a malformed path was treated as a failure of the server');
            assert.deepEqual((await request(server).get('/things/caf%C3%A9')).body, { id: 'café' });
        });
    }
});
