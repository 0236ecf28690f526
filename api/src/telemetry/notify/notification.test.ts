import assert from 'node:assert/strict';
import type { LedgerEvent } from '../../ledger/ledger';
import { notificationOfLedgerEvent } from './notification';

function ledgerEvent(eventName: string, payload: Record<string, unknown>): LedgerEvent {
    return { blockNumber: 7, txId: 'tx-7', eventName, payload: Buffer.from(JSON.stringify(payload)) };
}

describe('notificationOfLedgerEvent', () => {
    const ids = { batchId: 'B1', anomalyId: 'A1' };

    it('tells the holders a reported anomaly puts the batch on hold', () => {
        const n = notificationOfLedgerEvent(ledgerEvent('BatchAnomalyReported', { ids: { ...ids, serial: 'B1.3' }, reason: 'vial cloudy', at: '2026-01-01T00:00:00Z' }));
        assert.equal(n?.kind, 'batch_anomaly');
        assert.equal(n?.id, 'B1:A1');
        assert.equal(n?.subject, '[coldtrace] Anomaly reported on batch B1');
        assert.match(n?.text ?? '', /serial B1\.3\): vial cloudy\nIts serials are on hold/);
    });

    it('tells them when the manufacturer clears it, under an id of its own', () => {
        const n = notificationOfLedgerEvent(ledgerEvent('BatchAnomalyCleared', { ids, reason: 'retained samples within specification', at: '2026-01-02T00:00:00Z' }));
        assert.equal(n?.id, 'B1:A1:cleared');
        assert.equal(n?.subject, '[coldtrace] Anomaly on batch B1 cleared');
        assert.match(n?.text ?? '', /cleared anomaly A1 on batch B1: retained samples within specification/);
        assert.deepEqual(n?.data, { type: 'BatchAnomalyCleared', ids, reason: 'retained samples within specification', at: '2026-01-02T00:00:00Z', txId: 'tx-7' });
        assert.equal(n?.at, '2026-01-02T00:00:00Z');
    });

    it('stays silent on other events', () => {
        assert.equal(notificationOfLedgerEvent(ledgerEvent('ShipmentPickedUp', { ids: { shipmentId: 'S1' }, at: '2026-01-01T00:00:00Z' })), undefined);
    });
});
