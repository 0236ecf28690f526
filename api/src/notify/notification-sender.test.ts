import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NewDelivery, openNotificationOutbox } from './notification-outbox';
import { type DeliveryFailure, newNotificationSender } from './notification-sender';
import type { Mailer, OutgoingMail } from './smtp-mailer';

/** A mail server that is down until told otherwise. */
class FlakyMailer implements Mailer {
    up = false;
    readonly sent: OutgoingMail[] = [];
    async send(mail: OutgoingMail): Promise<void> {
        if (!this.up) {
            throw new Error('connect ECONNREFUSED 127.0.0.1:2525');
        }
        this.sent.push(mail);
    }
    close(): void {}
}

const mail = (target: string, notificationId = 'BatchAnomalyReported:tx1'): NewDelivery => ({
    org: 'RetailerMSP',
    notificationId,
    eventType: 'BatchAnomalyReported',
    kind: 'anomaly',
    channel: 'email',
    target,
    language: 'en',
    subject: '[coldtrace] Anomaly',
    body: 'text',
});

describe('NotificationSender and the outbox', () => {
    let dir: string;
    let now: number;
    const clock = () => now;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'coldtrace-outbox-'));
        now = Date.parse('2030-06-01T12:00:00Z');
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('keeps one delivery per notification and recipient, however often the event is replayed, and the checkpoint', () => {
        const outbox = openNotificationOutbox(join(dir, 'outbox.db'));
        assert.equal(outbox.checkpoint(), undefined);
        assert.equal(outbox.enqueue([mail('a@x.example'), mail('b@x.example')], { position: { block: 5, index: 1 }, now }), 2);
        assert.equal(outbox.enqueue([mail('a@x.example')], { position: { block: 5, index: 0 }, now }), 0);
        assert.deepEqual(outbox.checkpoint(), { block: 5, index: 1 }, 'the checkpoint never moves back');
        assert.equal(statSync(join(dir, 'outbox.db')).mode & 0o777, 0o600);
        outbox.close();
    });

    it('reads the block an outbox of an earlier version kept as "resume from this block"', () => {
        const legacy = new Database(join(dir, 'outbox.db'));
        legacy.exec('CREATE TABLE checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), block INTEGER NOT NULL); INSERT INTO checkpoint VALUES (1, 9)');
        legacy.close();
        const outbox = openNotificationOutbox(join(dir, 'outbox.db'));
        assert.deepEqual(outbox.checkpoint(), { block: 9, index: -1 });
        outbox.close();
    });

    it('retries with backoff while the mail server is down, across a restart, and delivers once it is back', async () => {
        const mailer = new FlakyMailer();
        const retry = { maxAttempts: 5, delayMs: (attempt: number) => 1000 * 2 ** (attempt - 1) };
        let outbox = openNotificationOutbox(join(dir, 'outbox.db'));
        let sender = newNotificationSender({ outbox, mailer, secretOf: () => undefined, now: clock, retry, timers: 'manual' });
        outbox.enqueue([mail('qa@retail.example')], { now });
        await sender.runDue();
        let [delivery] = outbox.list('RetailerMSP', { limit: 10 });
        assert.equal(delivery?.state, 'pending');
        assert.equal(delivery?.attempts, 1);
        assert.match(delivery?.lastError ?? '', /ECONNREFUSED/);
        assert.equal(delivery?.nextAttemptAt, new Date(now + 1000).toISOString());
        now += 999;
        await sender.runDue();
        assert.equal(outbox.list('RetailerMSP', { limit: 10 })[0]?.attempts, 1, 'tried before its time');

        await sender.close();
        outbox.close();
        outbox = openNotificationOutbox(join(dir, 'outbox.db'));
        sender = newNotificationSender({ outbox, mailer, secretOf: () => undefined, now: clock, retry, timers: 'manual' });
        now += 1;
        await sender.runDue();
        assert.equal(outbox.list('RetailerMSP', { limit: 10 })[0]?.attempts, 2);
        assert.equal(outbox.list('RetailerMSP', { limit: 10 })[0]?.nextAttemptAt, new Date(now + 2000).toISOString());
        mailer.up = true;
        now += 2000;
        await sender.runDue();
        [delivery] = outbox.list('RetailerMSP', { limit: 10 });
        assert.equal(delivery?.state, 'delivered');
        assert.equal(delivery?.deliveredAt, new Date(now).toISOString());
        assert.deepEqual(
            mailer.sent.map((m) => m.to),
            ['qa@retail.example'],
        );
        await sender.close();
        outbox.close();
    });

    it('fails a delivery for good after the last attempt, visibly, and tries it again on request', async () => {
        const mailer = new FlakyMailer();
        const failures: DeliveryFailure[] = [];
        const outbox = openNotificationOutbox(join(dir, 'outbox.db'));
        const sender = newNotificationSender({
            outbox,
            mailer,
            secretOf: () => undefined,
            now: clock,
            retry: { maxAttempts: 3, delayMs: () => 60_000 },
            timers: 'manual',
            onFailure: (f) => failures.push(f),
        });
        outbox.enqueue([mail('qa@retail.example')], { now });
        for (let i = 0; i < 3; i++) {
            await sender.runDue();
            now += 60_000;
        }
        const [failed] = outbox.list('RetailerMSP', { state: 'failed', limit: 10 });
        assert.equal(failed?.attempts, 3);
        assert.equal(failures.length, 1);
        assert.equal(failures[0]?.delivery.target, 'qa@retail.example');
        assert.deepEqual(outbox.counts(), { pending: 0, delivered: 0, failed: 1 });
        assert.equal(outbox.retry('CarrierMSP', failed.key, now), false, 'another organization’s delivery');
        assert.equal(outbox.retry('RetailerMSP', failed.key, now), true);
        mailer.up = true;
        await sender.runDue();
        assert.equal(outbox.get('RetailerMSP', failed.key)?.state, 'delivered');
        await sender.close();
        outbox.close();
    });

    it('fails at once what no retry can deliver: mail without a mail server, a webhook no longer configured', async () => {
        const outbox = openNotificationOutbox(join(dir, 'outbox.db'));
        const sender = newNotificationSender({ outbox, secretOf: () => undefined, now: clock, timers: 'manual' });
        outbox.enqueue([mail('qa@retail.example'), { ...mail('https://erp.example/hook'), channel: 'webhook' }], { now });
        await sender.runDue();
        const failed = outbox.list('RetailerMSP', { state: 'failed', limit: 10 });
        assert.deepEqual(failed.map((d) => [d.attempts, d.lastError]).sort(), [
            [1, 'the webhook https://erp.example/hook is no longer among the recipients'],
            [1, 'this node has no mail server: set COLDTRACE_SMTP_URL and COLDTRACE_MAIL_FROM'],
        ]);
        await sender.close();
        outbox.close();
    });
});
