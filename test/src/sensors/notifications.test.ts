import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from '@coldtrace/api/telemetry';
import { eventually, PipelineFixture, readingsOf } from './pipeline-fixture';

interface Mail {
    to: string;
    raw: string;
}

interface Delivery {
    body: string;
    signature?: string;
    timestamp?: string;
}

describe('notifications: email over SMTP and HMAC-signed webhooks', function () {
    this.timeout(60_000);
    const SECRET = 'webhook-secret-for-tests';
    let fixture: PipelineFixture;
    let smtp: SMTPServer;
    let web: Server;
    const mails: Mail[] = [];
    const deliveries: Delivery[] = [];
    let failNext = 1;

    before(async () => {
        smtp = new SMTPServer({
            authOptional: true,
            disabledCommands: ['STARTTLS'],
            onData(stream, session, callback) {
                const chunks: Buffer[] = [];
                stream.on('data', (chunk: Buffer) => chunks.push(chunk));
                stream.on('end', () => {
                    // Quoted-printable soft line breaks undone, so tests can look for phrases.
                    const raw = Buffer.concat(chunks).toString('utf8').replace(/=\r\n/g, '');
                    mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
                    callback();
                });
            },
        });
        await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
        web = createServer((req, res) => {
            const chunks: Buffer[] = [];
            req.on('data', (chunk: Buffer) => chunks.push(chunk));
            req.on('end', () => {
                // The first delivery fails, as a receiver that is briefly down: the notifier retries.
                if (failNext-- > 0) {
                    res.writeHead(503).end();
                    return;
                }
                deliveries.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers[SIGNATURE_HEADER] as string, timestamp: req.headers[TIMESTAMP_HEADER] as string });
                res.writeHead(204).end();
            });
        });
        await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
        fixture = await PipelineFixture.start({
            notify: {
                email: { smtp: { host: '127.0.0.1', port: (smtp.server.address() as AddressInfo).port, secure: false }, from: 'coldtrace@example.test', to: ['qa@example.test'] },
                webhooks: [{ url: `http://127.0.0.1:${(web.address() as AddressInfo).port}/hooks/coldtrace`, secret: SECRET }],
            },
        });
    });
    after(async () => {
        await fixture.close();
        await new Promise<void>((resolve) => smtp.close(() => resolve()));
        await new Promise<void>((resolve) => web.close(() => resolve()));
    });

    it('mails and posts an excursion, signed, retrying a webhook that failed', async () => {
        const shipment = await fixture.world.shipment(1, 'in_transit');
        const attachedAt = (await fixture.harness.evaluate('carrier', 'shipment:get', [shipment.shipmentId])).sensors[0].attachedAt;
        const client = await fixture.rawDevice(await fixture.provision(shipment.sensorId));
        await fixture.publish(client, readingsOf(shipment.sensorId, Date.parse(attachedAt) + 1_000, [5, ...Array(17).fill(11), 5]));
        const mail = await eventually('the excursion mail', () => mails.find((m) => m.raw.includes(shipment.shipmentId) && /Subject: .*excursion/i.test(m.raw)), 20_000);
        assert.equal(mail.to, 'qa@example.test');
        assert.match(mail.raw, /Peak 11 /);
        const delivery = await eventually('the excursion webhook', () => deliveries.find((d) => d.body.includes(shipment.shipmentId)), 20_000);
        assert.equal(verifyWebhookSignature(SECRET, delivery.timestamp, delivery.body, delivery.signature), true);
        assert.equal(verifyWebhookSignature('another secret', delivery.timestamp, delivery.body, delivery.signature), false);
        assert.equal(verifyWebhookSignature(SECRET, delivery.timestamp, delivery.body.replace('11', '12'), delivery.signature), false);
        assert.equal(JSON.parse(delivery.body).kind, 'excursion');
    });

    it('mails a batch anomaly reported by a retailer', async () => {
        const shipment = await fixture.world.shipment(1, 'received');
        await fixture.harness.submit('retailer', 'anomaly:report', [shipment.batchId, { reason: 'vials cloudy on arrival', serial: shipment.serials[0] }]);
        const mail = await eventually('the anomaly mail', () => mails.find((m) => m.raw.includes(shipment.batchId) && m.raw.includes('vials cloudy')), 20_000);
        assert.match(mail.raw, /Subject: \[coldtrace\] Anomaly reported on batch/);
    });
});
