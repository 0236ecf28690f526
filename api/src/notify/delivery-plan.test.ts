import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommittedEvent } from '../events/event-hub';
import { deliveriesFor } from './delivery-plan';
import { notificationOf } from './notification';
import { openNotificationSettingsStore } from './notification-settings-store';

describe('deliveriesFor', () => {
    const dir = mkdtempSync(join(tmpdir(), 'coldtrace-plan-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const settings = openNotificationSettingsStore(join(dir, 'recipients.json'), { allowLoopbackHttp: true });
    const by = { user: 'admin', at: '2030-01-01T00:00:00.000Z' };
    settings.replace(
        'RetailerMSP',
        {
            emails: [
                { address: 'store@retail.example', language: 'ja', kinds: ['anomaly'] },
                { address: 'qa@shared.example', kinds: ['anomaly', 'excursion'] },
            ],
            webhooks: [],
        },
        by,
    );
    settings.replace(
        'ManufacturerMSP',
        {
            emails: [{ address: 'QA@shared.example', kinds: ['anomaly'] }],
            webhooks: [{ url: 'https://erp.maker.example/hook', secret: 'a-secret-of-16-chars', kinds: ['anomaly'] }],
        },
        by,
    );
    const event = (parties: string[], type = 'BatchAnomalyReported'): CommittedEvent => ({
        id: '3:tx3',
        blockNumber: 3,
        txId: 'tx3',
        type,
        payload: { type, parties, ids: { batchId: 'B1', anomalyId: 'A1', shipmentId: 'S1' }, reason: 'cloudy' },
    });
    const node = { emails: [{ address: 'ops@node.example', language: 'en' as const }], webhook: { url: 'https://ops.node.example/hook', secret: 'node-secret-16-chars' } };

    it('addresses each party organization’s recipients of the kind, once per recipient, in its language', () => {
        const plan = deliveriesFor(notificationOf(event(['ManufacturerMSP', 'RetailerMSP']))!, settings, node);
        assert.deepEqual(
            plan.map((d) => [d.org, d.channel, d.target, d.language]),
            [
                ['ManufacturerMSP', 'email', 'QA@shared.example', 'en'],
                ['ManufacturerMSP', 'webhook', 'https://erp.maker.example/hook', 'en'],
                ['RetailerMSP', 'email', 'store@retail.example', 'ja'],
            ],
        );
        assert.match(plan[2]?.subject ?? '', /バッチ B1/);
        assert.equal(JSON.parse(plan[1]?.body ?? '{}').kind, 'anomaly');
    });

    it('falls back to the node’s recipients for a party that set none for the kind', () => {
        const plan = deliveriesFor(notificationOf(event(['ManufacturerMSP', 'CarrierMSP']))!, settings, node);
        assert.deepEqual(
            plan.filter((d) => d.org === '').map((d) => d.target),
            ['ops@node.example', 'https://ops.node.example/hook'],
        );
        const excursion = deliveriesFor(notificationOf(event(['RetailerMSP'], 'ExcursionRecorded'))!, settings, node);
        assert.deepEqual(
            excursion.map((d) => d.target),
            ['qa@shared.example'],
        );
        assert.deepEqual(deliveriesFor(notificationOf(event(['CarrierMSP']))!, settings, { emails: [] }), []);
    });
});
