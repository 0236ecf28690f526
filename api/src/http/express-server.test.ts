import assert from 'node:assert/strict';
import { once } from 'node:events';
import { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createExpressServer } from './express-server';

describe('createExpressServer', () => {
    it('serves the app with requests and responses made on its own prototypes, so express swaps none', async () => {
        const app = express();
        const seen: { request: boolean; response: boolean; node: boolean }[] = [];
        app.get('/thing/:id', (req, res) => {
            seen.push({
                request: Object.getPrototypeOf(req) === app.request,
                response: Object.getPrototypeOf(res) === app.response,
                node: req instanceof IncomingMessage && res instanceof ServerResponse,
            });
            res.status(201).json({ id: req.params.id, query: req.query.q, ip: typeof req.ip });
        });
        const server = createExpressServer(app).listen(0, '127.0.0.1');
        await once(server, 'listening');
        try {
            const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
            for (const id of ['a', 'b']) {
                const response = await fetch(`${url}/thing/${id}?q=1`);
                assert.equal(response.status, 201);
                assert.match(response.headers.get('etag') ?? '', /^W\//);
                assert.deepEqual(await response.json(), { id, query: '1', ip: 'string' });
            }
            assert.deepEqual(seen, [
                { request: true, response: true, node: true },
                { request: true, response: true, node: true },
            ]);
        } finally {
            server.closeAllConnections();
            server.close();
        }
    });

    it('answers 404 through the app for paths it does not route, as app.listen does', async () => {
        const app = express();
        const server = createExpressServer(app).listen(0, '127.0.0.1');
        await once(server, 'listening');
        try {
            const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/nothing`);
            assert.equal(response.status, 404);
        } finally {
            server.closeAllConnections();
            server.close();
        }
    });
});
