import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ColdtraceClient, type NotificationSettingsBody } from '@coldtrace/api/contract';
import { ApiHarness, TEST_PASSWORD } from './harness/api-harness';
import { assertProblem } from './harness/api-suite';
import { SmtpSink } from './harness/smtp-sink';
import { GTIN } from './harness/supply-chain-world';
import { eventually } from './sensors/pipeline-fixture';
import { first } from './harness/elements';

const SECRET = 'manufacturer-hook-secret-32-chars';

/**
 * The notification settings routes, on a server started without the sensors pipeline: notifications
 * do not need it. Mails go to a real SMTP server.
 */
describe('HTTP API: notification recipients per organization (no sensors pipeline)', function () {
    this.timeout(600_000);
    let api: ApiHarness;
    let sink: SmtpSink;
    const admins = new Map<string, ColdtraceClient>();
    const settings: NotificationSettingsBody = {
        emails: [
            { address: 'qa@maker.example', language: 'ja', kinds: ['anomaly', 'recall'] },
            { address: 'plant@maker.example', kinds: ['anomaly'] },
        ],
        webhooks: [{ url: 'https://erp.maker.example/hooks/coldtrace', secret: SECRET, kinds: ['recall'] }],
    };

    before(async () => {
        sink = await SmtpSink.start();
        api = await ApiHarness.start({ env: { COLDTRACE_TELEMETRY: '0', COLDTRACE_SMTP_URL: sink.url, COLDTRACE_MAIL_FROM: 'coldtrace@node.example' } });
        for (const role of ['manufacturer', 'retailer'] as const) {
            await api.running.context.users.add({ username: `${role}-admin`, role, admin: true, password: TEST_PASSWORD });
            const client = new ColdtraceClient({ baseUrl: api.url });
            await client.login(`${role}-admin`, TEST_PASSWORD);
            admins.set(role, client);
        }
    });
    after(async () => {
        await api?.close();
        await sink?.stop();
    });

    it('lets an organization’s administrators set and read its recipients; secrets stay on this node, in a 0600 file', async () => {
        const admin = admins.get('manufacturer')!;
        const empty = await admin.call('getNotificationSettings', { params: { mspId: 'ManufacturerMSP' } });
        assert.deepEqual(empty, { mspId: 'ManufacturerMSP', emails: [], webhooks: [], mailServer: true });
        const saved = await admin.call('putNotificationSettings', { params: { mspId: 'ManufacturerMSP' }, body: settings });
        assert.deepEqual(saved.webhooks, [{ url: 'https://erp.maker.example/hooks/coldtrace', kinds: ['recall'], secretSet: true }]);
        assert.equal(saved.emails[1]?.language, 'en', 'the default language');
        assert.equal(saved.updatedBy, 'manufacturer-admin');
        assert.ok(!JSON.stringify(await admin.call('getNotificationSettings', { params: { mspId: 'ManufacturerMSP' } })).includes(SECRET));

        // Sent again without the secret, the webhook keeps it.
        await admin.call('putNotificationSettings', {
            params: { mspId: 'ManufacturerMSP' },
            body: { ...settings, webhooks: [{ url: first(settings.webhooks!, 'webhooks').url, kinds: ['recall', 'hold'] }] },
        });
        const file = join(api.dataDir, 'notifications', 'recipients.json');
        assert.equal(statSync(file).mode & 0o777, 0o600);
        assert.match(readFileSync(file, 'utf8'), new RegExp(SECRET));
        const member = await api.as('auditor').call('getOrganization', { params: { mspId: 'ManufacturerMSP' } });
        assert.ok(!JSON.stringify(member).includes(SECRET), 'a webhook secret reached the ledger');
        await admin.call('putNotificationSettings', { params: { mspId: 'ManufacturerMSP' }, body: settings });
    });

    it('refuses users who are not that organization’s administrators (403), and changes nothing', async () => {
        const before = readFileSync(join(api.dataDir, 'notifications', 'recipients.json'), 'utf8');
        const params = { mspId: 'ManufacturerMSP' };
        await assertProblem(
            api,
            () => api.as('manufacturer').call('getNotificationSettings', { params }),
            403,
            'FORBIDDEN',
            /only administrators of ManufacturerMSP read .*manufacturer is not an administrator/,
        );
        await assertProblem(api, () => admins.get('retailer')!.call('getNotificationSettings', { params }), 403, 'FORBIDDEN', /retailer-admin is an administrator of RetailerMSP/);
        await assertProblem(api, () => admins.get('retailer')!.call('putNotificationSettings', { params, body: { emails: [] } }), 403, 'FORBIDDEN');
        await assertProblem(api, () => admins.get('retailer')!.call('listNotificationDeliveries', { params }), 403, 'FORBIDDEN');
        await assertProblem(api, () => api.as('manufacturer').call('putNotificationSettings', { params, body: { emails: [] } }), 403, 'FORBIDDEN');
        assert.equal(readFileSync(join(api.dataDir, 'notifications', 'recipients.json'), 'utf8'), before);
    });

    it('refuses bad recipients with 400 saying which, and changes nothing', async () => {
        const admin = admins.get('manufacturer')!;
        const before = await admin.call('getNotificationSettings', { params: { mspId: 'ManufacturerMSP' } });
        const bad: [unknown, RegExp][] = [
            [{ emails: [{ address: 'not-an-address', kinds: ['anomaly'] }] }, /emails\.0\.address/],
            [{ emails: [{ address: 'qa@maker.example', kinds: ['weather'] }] }, /emails\.0\.kinds\.0/],
            [{ emails: [{ address: 'qa@maker.example', kinds: [] }] }, /at least one kind/],
            [{ emails: [{ address: 'qa@maker.example', language: 'fr', kinds: ['anomaly'] }] }, /emails\.0\.language/],
            [
                {
                    emails: [
                        { address: 'qa@maker.example', kinds: ['anomaly'] },
                        { address: 'QA@maker.example', kinds: ['recall'] },
                    ],
                },
                /lists an address twice/,
            ],
            [{ webhooks: [{ url: 'http://erp.maker.example/hook', secret: SECRET, kinds: ['recall'] }] }, /webhooks\.0\.url: .*plain http to another machine/],
            [{ webhooks: [{ url: 'https://new.maker.example/hook', kinds: ['recall'] }] }, /webhooks\.0\.secret: .*new webhook/],
            [{ webhooks: [{ url: 'https://new.maker.example/hook', secret: 'short', kinds: ['recall'] }] }, /webhooks\.0\.secret/],
            [{ emails: [], pager: '555-0100' }, /pager|unrecognized/i],
        ];
        for (const [body, detail] of bad) {
            await assertProblem(
                api,
                () => admin.call('putNotificationSettings', { params: { mspId: 'ManufacturerMSP' }, body: body as NotificationSettingsBody }),
                400,
                'VALIDATION_FAILED',
                detail,
            );
        }
        assert.deepEqual(await admin.call('getNotificationSettings', { params: { mspId: 'ManufacturerMSP' } }), before);
    });

    it('mails the organization’s recipients of an event in their languages, and lists the deliveries to its administrators', async () => {
        const m = api.as('manufacturer');
        const { batchId } = await m.call('createBatch', { body: { gtin: GTIN, productName: 'Notified vaccine', quantity: 2, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 } });
        await m.call('reportAnomaly', { params: { batchId }, body: { reason: 'stability sample out of specification' } });
        const ja = await eventually('the Japanese mail', () => sink.to('qa@maker.example')[0], 60_000);
        assert.match(ja.subject, new RegExp(`バッチ ${batchId}`));
        const en = await eventually('the English mail', () => sink.to('plant@maker.example')[0], 60_000);
        assert.match(en.subject, new RegExp(`Anomaly reported on batch ${batchId}`));
        const deliveries = await eventually('both deliveries delivered', async () => {
            const list = await admins.get('manufacturer')!.call('listNotificationDeliveries', { params: { mspId: 'ManufacturerMSP' }, query: { state: 'delivered' } });
            return list.length === 2 && list;
        });
        assert.deepEqual(deliveries.map((d) => [d.target, d.language, d.kind, d.eventType]).sort(), [
            ['plant@maker.example', 'en', 'anomaly', 'BatchAnomalyReported'],
            ['qa@maker.example', 'ja', 'anomaly', 'BatchAnomalyReported'],
        ]);
        await assertProblem(
            api,
            () => admins.get('manufacturer')!.call('retryNotificationDelivery', { params: { mspId: 'ManufacturerMSP', key: first(deliveries, 'deliveries').key } }),
            404,
            'NOT_FOUND',
            /no failed delivery/,
        );
        const metrics = await (await fetch(`${api.url}/metrics`)).text();
        assert.match(metrics, /coldtrace_notification_deliveries\{state="delivered"\} 2/);
    });
});
