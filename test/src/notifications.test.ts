import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEventHub, type NotificationService, openNotificationService, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from '@coldtrace/api';
import { type LedgerEventFeed, newLedgerEventFeed } from '@coldtrace/ledger-client';
import { ledgerSuite } from './harness/suite';
import { SmtpSink } from './harness/smtp-sink';
import { eventually } from './sensors/pipeline-fixture';
import { only } from './harness/elements';

const SECRET = 'retailer-webhook-secret-for-tests';
const by = { user: 'admin', at: '2030-06-01T00:00:00.000Z' };

/**
 * Notifications on the ledger the suites run on: the service follows the chaincode events through an
 * EventHub, writes its outbox, and delivers to a real SMTP server and a webhook receiver. Retries run
 * on the test's clock (`runDue`), never on timers.
 */
ledgerSuite('notifications per organization: one mail per recipient in its language, a durable outbox', (ctx) => {
    let sink: SmtpSink;
    let receiver: Server;
    const posts: { body: string; signature?: string; timestamp?: string }[] = [];
    let dataDir: string;
    let now = Date.parse('2030-06-01T12:00:00Z');
    let node: { service: NotificationService; feed: LedgerEventFeed } | undefined;

    const startNode = async () => {
        const service = openNotificationService({
            dataDir,
            mail: { smtpUrl: sink.url, from: 'coldtrace@node.example' },
            allowLoopbackHttp: true,
            now: () => now,
            timers: 'manual',
        });
        const feed = newLedgerEventFeed(ctx.ledger.ledger, ctx.ledger.identity('auditor'));
        await service.follow(feed, await startEventHub(feed));
        node = { service, feed };
        return node;
    };
    const stopNode = async () => {
        node?.feed.close();
        await node?.service.close();
        node = undefined;
    };
    /** Waits until the service took in the event with this transaction (Fabric delivers events after the commit returns). */
    const deliveriesOf = (txId: string, org: string, count: number) =>
        eventually(
            `${count} deliveries of ${txId} to ${org}`,
            () => {
                const found = node!.service.outbox.list(org, { limit: 500 }).filter((d) => d.notificationId.endsWith(`:${txId}`));
                return found.length >= count && found;
            },
            60_000,
        );

    before(async () => {
        sink = await SmtpSink.start();
        receiver = createServer((req, res) => {
            const chunks: Buffer[] = [];
            req.on('data', (chunk: Buffer) => chunks.push(chunk));
            req.on('end', () => {
                posts.push({
                    body: Buffer.concat(chunks).toString('utf8'),
                    signature: req.headers[SIGNATURE_HEADER] as string,
                    timestamp: req.headers[TIMESTAMP_HEADER] as string,
                });
                res.writeHead(204).end();
            });
        });
        await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
        dataDir = mkdtempSync(join(tmpdir(), 'coldtrace-notify-'));
        const { service } = await startNode();
        service.settings.replace(
            'ManufacturerMSP',
            {
                emails: [
                    { address: 'qa@maker.example', language: 'ja', kinds: ['anomaly'] },
                    { address: 'plant@maker.example', language: 'en', kinds: ['anomaly', 'recall'] },
                ],
            },
            by,
        );
        service.settings.replace(
            'RetailerMSP',
            {
                emails: [{ address: 'store@retail.example', kinds: ['anomaly'] }],
                webhooks: [{ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/coldtrace`, secret: SECRET, kinds: ['anomaly'] }],
            },
            by,
        );
        service.settings.replace('CarrierMSP', { emails: [{ address: 'dispatch@carrier.example', kinds: ['excursion'] }] }, by);
    });
    after(async () => {
        await stopNode();
        await sink.stop();
        await new Promise<void>((resolve) => receiver.close(() => resolve()));
        rmSync(dataDir, { recursive: true, force: true });
    });

    it('mails each recipient of every party organization once, in the recipient’s language, and posts the signed webhook', async () => {
        const received = await ctx.world.atRetailer(1, 'received');
        const anomaly = await ctx.ledger.submit('retailer', 'anomaly:report', [received.batchId, { reason: 'vials cloudy on arrival', serial: received.serials[0] }]);
        await deliveriesOf(anomaly.txId, 'ManufacturerMSP', 2);
        await deliveriesOf(anomaly.txId, 'RetailerMSP', 2);
        await node!.service.sender.runDue();

        const [ja] = sink.to('qa@maker.example');
        assert.equal(ja?.subject, `[coldtrace] バッチ ${received.batchId} に異常の報告：出荷・販売を保留`);
        assert.match(ja.text, /^理由: vials cloudy on arrival$/m);
        assert.equal(ja.headers['content-language'], 'ja');
        for (const address of ['plant@maker.example', 'store@retail.example']) {
            const mail = only(sink.to(address), `mails to ${address}`);
            assert.equal(mail.subject, `[coldtrace] Anomaly reported on batch ${received.batchId}: its serials are on hold`);
            assert.match(mail.text, /^Reason: vials cloudy on arrival$/m);
        }
        assert.equal(sink.mails.length, 3, 'a mail to someone not told, or twice');
        assert.deepEqual(sink.to('dispatch@carrier.example'), [], 'the carrier, a party since it carried the batch, asked for excursions only');

        const post = only(posts, 'webhook posts');
        assert.equal(verifyWebhookSignature(SECRET, post.timestamp, post.body, post.signature, { now: () => now }), true);
        const body = JSON.parse(post.body);
        assert.equal(body.kind, 'anomaly');
        assert.equal(body.data.ids.batchId, received.batchId);
        assert.deepEqual(node!.service.outbox.counts(), { pending: 0, delivered: 4, failed: 0 });
    });

    it('keeps the outbox across a restart with the mail server down, notifies what committed while stopped, and delivers once it is back', async () => {
        const before = sink.mails.length;
        await sink.stop();
        const received = await ctx.world.atRetailer(1, 'received');
        const reported = await ctx.ledger.submit('retailer', 'anomaly:report', [received.batchId, { reason: 'label misprinted' }]);
        await deliveriesOf(reported.txId, 'RetailerMSP', 2);
        await node!.service.sender.runDue();
        const [mail] = node!.service.outbox.list('RetailerMSP', { limit: 500 }).filter((d) => d.notificationId.endsWith(reported.txId) && d.channel === 'email');
        assert.equal(mail?.state, 'pending');
        assert.equal(mail?.attempts, 1);
        assert.match(mail?.lastError ?? '', /ECONNREFUSED|connect/i);

        await stopNode();
        const cleared = await ctx.ledger.submit('manufacturer', 'anomaly:clear', [received.batchId, reported.anomalyId, { reason: 'reprinted labels' }]);
        await startNode();
        // What committed while stopped is notified; what was taken in before is not added again.
        await deliveriesOf(cleared.cleared.txId, 'ManufacturerMSP', 2);
        assert.equal(node!.service.outbox.list('RetailerMSP', { limit: 500 }).filter((d) => d.notificationId.endsWith(reported.txId)).length, 2);

        now += 30_000;
        await node!.service.sender.runDue();
        assert.equal(node!.service.outbox.get('RetailerMSP', mail.key)?.attempts, 2, 'retried after the first backoff');
        assert.equal(sink.mails.length, before);

        await sink.resume();
        now += 60_000;
        await node!.service.sender.runDue();
        assert.equal(node!.service.outbox.get('RetailerMSP', mail.key)?.state, 'delivered');
        assert.deepEqual(node!.service.outbox.counts().pending, 0);
        const fresh = sink.mails.slice(before);
        assert.deepEqual(fresh.map((m) => m.to.join()).sort(), [
            'plant@maker.example',
            'plant@maker.example',
            'qa@maker.example',
            'qa@maker.example',
            'store@retail.example',
            'store@retail.example',
        ]);
        assert.equal(fresh.filter((m) => m.subject.includes('cleared') || m.subject.includes('解除')).length, 3);
    });

    it('tells every organization that held units of a recalled batch, to the recipients who asked for recalls', async () => {
        node!.service.settings.replace('RetailerMSP', { emails: [{ address: 'recalls@retail.example', language: 'ja', kinds: ['recall'] }] }, by);
        node!.service.settings.replace('CarrierMSP', { emails: [{ address: 'dispatch@carrier.example', kinds: ['recall'] }] }, by);
        const before = sink.mails.length;
        const received = await ctx.world.atRetailer(1, 'received');
        const reported = await ctx.ledger.submit('retailer', 'anomaly:report', [received.batchId, { reason: 'particles in vials' }]);
        const recalled = await ctx.ledger.submit('manufacturer', 'anomaly:recall', [
            received.batchId,
            reported.anomalyId,
            { recallClass: 'II', instructions: 'return every unit to the manufacturer' },
        ]);
        const { txId } = recalled as { txId: string };
        for (const org of ['RetailerMSP', 'CarrierMSP', 'ManufacturerMSP']) {
            await deliveriesOf(txId, org, 1);
        }
        await node!.service.sender.runDue();
        const recallMails = sink.mails.slice(before).filter((m) => m.subject.includes(received.batchId) && /Recall|回収/.test(m.subject));
        assert.deepEqual(recallMails.map((m) => m.to.join()).sort(), ['dispatch@carrier.example', 'plant@maker.example', 'recalls@retail.example']);
        assert.equal(recallMails.find((m) => m.to.includes('recalls@retail.example'))!.subject, `[coldtrace] バッチ ${received.batchId} の回収：返品または廃棄してください`);
    });
});
