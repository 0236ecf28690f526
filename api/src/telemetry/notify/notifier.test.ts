import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Notification } from './notification';
import { Notifier } from './notifier';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from './webhook-signature';

describe('Notifier: webhooks', () => {
    it('signs each delivery over the time it is sent, so the receiver can bound its age', async () => {
        const received: { headers: IncomingHttpHeaders; body: string }[] = [];
        const server = createServer((req, res) => {
            let body = '';
            req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
            req.on('end', () => {
                received.push({ headers: req.headers, body });
                res.writeHead(204).end();
            });
        }).listen(0, '127.0.0.1');
        await once(server, 'listening');
        const SECRET = 'webhook-secret-for-unit-tests';
        const SENT_AT = Date.parse('2030-06-01T12:00:00Z');
        const notifier = new Notifier({ webhooks: [{ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, secret: SECRET }], now: () => SENT_AT });
        const notification: Notification = { kind: 'excursion', id: 'EXC-1:open', subject: 'excursion', text: 'excursion', data: { shipmentId: 'SHIP-1' }, at: '2030-06-01T11:59:00Z' };
        try {
            await notifier.send(notification);
        } finally {
            await notifier.close();
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
