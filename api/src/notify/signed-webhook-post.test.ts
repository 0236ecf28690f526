import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postSignedWebhook } from './signed-webhook-post';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from './webhook-signature';

describe('postSignedWebhook', () => {
    it('signs each attempt over the time it is sent, so the receiver can bound its age; a non-2xx answer throws', async () => {
        const received: { headers: IncomingHttpHeaders; body: string }[] = [];
        let status = 204;
        const server = createServer((req, res) => {
            let body = '';
            req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
            req.on('end', () => {
                received.push({ headers: req.headers, body });
                res.writeHead(status).end();
            });
        }).listen(0, '127.0.0.1');
        await once(server, 'listening');
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
        const SECRET = 'webhook-secret-for-unit-tests';
        const SENT_AT = Date.parse('2030-06-01T12:00:00Z');
        try {
            await postSignedWebhook(url, SECRET, '{"id":"EXC-1"}', () => SENT_AT);
            status = 503;
            await assert.rejects(
                postSignedWebhook(url, SECRET, '{"id":"EXC-1"}', () => SENT_AT),
                /webhook answered 503/,
            );
        } finally {
            server.close();
        }
        const [delivery] = received;
        assert.ok(delivery);
        const timestamp = delivery.headers[TIMESTAMP_HEADER] as string;
        assert.equal(timestamp, String(SENT_AT / 1000));
        const signature = delivery.headers[SIGNATURE_HEADER] as string;
        assert.equal(verifyWebhookSignature(SECRET, timestamp, delivery.body, signature, { now: () => SENT_AT + 60_000 }), true);
        assert.equal(verifyWebhookSignature(SECRET, timestamp, delivery.body, signature, { now: () => SENT_AT + 6 * 60_000 }), false, 'a replay six minutes later verified');
    });
});
