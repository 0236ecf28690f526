import { describe, expect, it } from 'vitest';
import { parseLedgerEvent, toAlert } from './ledger-alert';

describe('ledger alerts', () => {
    it('raises alerts for excursions and anomalies, keyed by transaction', () => {
        const event = parseLedgerEvent('message', JSON.stringify({ type: 'ExcursionRecorded', ids: { shipmentId: 'SH1' }, parties: [], txId: 't1', at: '2026-01-01T00:00:00Z' }))!;
        expect(toAlert(event)).toMatchObject({ kind: 'excursion', key: 'ExcursionRecorded:t1', ids: { shipmentId: 'SH1' } });
        expect(toAlert({ type: 'BatchAnomalyReported', ids: { batchId: 'B' }, parties: [], txId: 't2' })?.kind).toBe('anomaly');
        expect(toAlert({ type: 'BatchAnomalyCleared', ids: { batchId: 'B' }, parties: [], txId: 't3' })?.kind).toBe('anomaly');
    });

    it('raises none for routine steps', () => {
        expect(toAlert({ type: 'ProductStateChanged', ids: {}, parties: [] })).toBeUndefined();
    });

    it('takes the SSE event name as the type when the data has none, and ignores non-JSON data', () => {
        expect(parseLedgerEvent('BatchAnomalyReported', '{"ids":{"batchId":"B"}}')?.type).toBe('BatchAnomalyReported');
        expect(parseLedgerEvent('x', 'not json')).toBeUndefined();
        expect(parseLedgerEvent('x', '42')).toBeUndefined();
    });
});
