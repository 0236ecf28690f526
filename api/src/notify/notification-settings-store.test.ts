import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidNotificationSettingsError } from './invalid-notification-settings-error';
import { openNotificationSettingsStore } from './notification-settings-store';

describe('NotificationSettingsStore', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'coldtrace-recipients-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const by = { user: 'retailer-admin', at: '2030-01-01T00:00:00.000Z' };
    const hook = { url: 'https://erp.retail.example/hook', kinds: ['recall' as const] };

    it('keeps each organization’s recipients with their secrets in a 0600 file, read again on open', () => {
        const path = join(dir, 'recipients.json');
        const store = openNotificationSettingsStore(path, { allowLoopbackHttp: false });
        store.replace(
            'RetailerMSP',
            { emails: [{ address: 'qa@retail.example', language: 'ja', kinds: ['recall', 'hold'] }], webhooks: [{ ...hook, secret: 'secret-of-16-chars!' }] },
            by,
        );
        assert.equal(statSync(path).mode & 0o777, 0o600);
        const reopened = openNotificationSettingsStore(path, { allowLoopbackHttp: false });
        assert.deepEqual(
            reopened.recipientsFor('RetailerMSP', 'hold').emails.map((e) => [e.address, e.language]),
            [['qa@retail.example', 'ja']],
        );
        assert.deepEqual(reopened.recipientsFor('RetailerMSP', 'excursion'), { emails: [], webhooks: [] });
        assert.equal(reopened.webhookSecret('RetailerMSP', hook.url), 'secret-of-16-chars!');
        assert.equal(reopened.of('CarrierMSP'), undefined);
    });

    it('keeps a webhook’s stored secret when it is sent without one; a new URL needs its own', () => {
        const store = openNotificationSettingsStore(join(dir, 'recipients.json'), { allowLoopbackHttp: false });
        store.replace('RetailerMSP', { webhooks: [{ ...hook, secret: 'secret-of-16-chars!' }] }, by);
        store.replace('RetailerMSP', { webhooks: [{ ...hook, kinds: ['recall', 'hold'] }] }, by);
        assert.equal(store.webhookSecret('RetailerMSP', hook.url), 'secret-of-16-chars!');
        assert.throws(
            () => store.replace('RetailerMSP', { webhooks: [{ url: 'https://other.example/hook', kinds: ['hold'] }] }, by),
            (e: Error) => e instanceof InvalidNotificationSettingsError && /webhooks\.0\.secret: .* is a new webhook/.test(e.message),
        );
        assert.throws(() => store.replace('CarrierMSP', { webhooks: [{ ...hook }] }, by), /is a new webhook/, 'another organization’s secret');
    });

    it('refuses a URL it may not post to, and then changes nothing', () => {
        const path = join(dir, 'recipients.json');
        const store = openNotificationSettingsStore(path, { allowLoopbackHttp: false });
        store.replace('RetailerMSP', { emails: [{ address: 'qa@retail.example', kinds: ['recall'] }] }, by);
        const before = readFileSync(path, 'utf8');
        for (const url of ['http://erp.retail.example/hook', 'http://127.0.0.1:9000/hook', 'file:///etc/passwd']) {
            assert.throws(() => store.replace('RetailerMSP', { webhooks: [{ url, secret: 'secret-of-16-chars!', kinds: ['recall'] }] }, by), InvalidNotificationSettingsError, url);
        }
        assert.equal(readFileSync(path, 'utf8'), before);
        assert.equal(store.recipientsFor('RetailerMSP', 'recall').emails.length, 1);
    });
});
