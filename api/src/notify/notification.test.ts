import assert from 'node:assert/strict';
import type { CommittedEvent } from '../events/event-hub';
import { notificationOf } from './notification';
import { NOTIFIED_EVENTS } from './notified-events';
import { mailText, webhookBody } from './notification-text';

const committed = (type: string, payload: Record<string, unknown>, blockNumber = 7): CommittedEvent => ({
    id: `${blockNumber}:tx-${blockNumber}`,
    blockNumber,
    txId: blockNumber < 0 ? '' : `tx-${blockNumber}`,
    type,
    payload: { type, parties: [], ids: {}, ...payload },
});

describe('notificationOf and its mail', () => {
    const reported = committed('BatchAnomalyReported', {
        parties: ['RetailerMSP', 'ManufacturerMSP'],
        ids: { batchId: 'B1', anomalyId: 'A1', serial: 'B1.3' },
        reason: 'vial cloudy',
        at: '2030-01-01T00:00:00.000Z',
        actor: { org: 'RetailerMSP', user: 'retailer' },
    });

    it('maps each event through the one table, naming the organizations its parties are', () => {
        const n = notificationOf(reported)!;
        assert.equal(n.kind, 'anomaly');
        assert.equal(n.id, 'BatchAnomalyReported:tx-7');
        assert.deepEqual(n.organizations, ['ManufacturerMSP', 'RetailerMSP']);
        assert.equal(notificationOf(committed('ShipmentPickedUp', { parties: ['CarrierMSP'] })), undefined);
        assert.deepEqual([...new Set(Object.values(NOTIFIED_EVENTS).map((e) => e.kind))].sort(), ['anomaly', 'excursion', 'hold', 'recall', 'sensor_flooding']);
    });

    it('tells the organizations an entry’s extra fields name too (a recall names every holder)', () => {
        const table = NOTIFIED_EVENTS as Record<string, (typeof NOTIFIED_EVENTS)[string]>;
        table.TestRecalled = { kind: 'recall', title: { en: 'Batch {batchId} recalled', ja: 'バッチ {batchId} のリコール' }, alsoTell: ['holders'] };
        try {
            const n = notificationOf(
                committed('TestRecalled', { parties: ['ManufacturerMSP'], holders: ['RetailerMSP', 'Retailer2MSP', 'ManufacturerMSP'], ids: { batchId: 'B9' } }),
            )!;
            assert.deepEqual(n.organizations, ['ManufacturerMSP', 'Retailer2MSP', 'RetailerMSP']);
            assert.equal(mailText(n, 'ja').subject, '[coldtrace] バッチ B9 のリコール');
        } finally {
            delete table.TestRecalled;
        }
    });

    it('names an event the backend announced (no transaction) by its type, ids and time', () => {
        const n = notificationOf(committed('SensorFlooding', { parties: ['CarrierMSP'], ids: { sensorId: 'T-1' }, dropped: 120, at: '2030-01-01T00:00:00.000Z' }, -1))!;
        assert.equal(n.id, 'SensorFlooding:T-1:2030-01-01T00:00:00.000Z');
        assert.equal(n.txId, undefined);
    });

    it('writes the mail in the recipient’s language, with the event’s details and who recorded it', () => {
        const n = notificationOf(reported)!;
        const en = mailText(n, 'en');
        assert.equal(en.subject, '[coldtrace] Anomaly reported on batch B1: its serials are on hold');
        assert.match(en.text, /^Reason: vial cloudy$/m);
        assert.match(en.text, /^Identifiers: batchId B1, anomalyId A1, serial B1\.3$/m);
        assert.match(en.text, /^Recorded by: RetailerMSP \(retailer\)$/m);
        assert.match(en.text, /^Ledger transaction: tx-7$/m);
        const ja = mailText(n, 'ja');
        assert.equal(ja.subject, '[coldtrace] バッチ B1 に異常の報告：出荷・販売を保留');
        assert.match(ja.text, /^理由: vial cloudy$/m);
        assert.match(ja.text, /^記録者: RetailerMSP \(retailer\)$/m);
    });

    it('gives webhooks the id to deduplicate on, the kind and the event as announced', () => {
        const body = JSON.parse(webhookBody(notificationOf(reported)!));
        assert.deepEqual(Object.keys(body), ['id', 'kind', 'event', 'subject', 'at', 'data']);
        assert.equal(body.id, 'BatchAnomalyReported:tx-7');
        assert.equal(body.data.reason, 'vial cloudy');
        assert.equal(body.data.txId, 'tx-7');
    });
});
