import assert from 'node:assert/strict';
import { decodeHistoryEntry, encodeHistoryEntry, type HistoryRecord } from './history-entry';

describe('history entries', () => {
    const record: HistoryRecord = {
        txId: 'a'.repeat(64),
        timestamp: { seconds: 1_796_083_200, nanos: 999_999_999 },
        isDelete: false,
        value: Buffer.from('{"state":"stocked","é":"☃"}'),
    };

    it('round-trips a write and a delete through the binary encoding', () => {
        assert.deepEqual(decodeHistoryEntry(encodeHistoryEntry(record)), record);
        const deleted = { ...record, isDelete: true, value: Buffer.alloc(0) };
        assert.deepEqual(decodeHistoryEntry(encodeHistoryEntry(deleted)), deleted);
    });

    it('is smaller than the JSON it replaces: no base64, no field names', () => {
        const value = Buffer.alloc(1500, 7);
        const json = Buffer.from(JSON.stringify({ ...record, value: value.toString('base64') }));
        assert.ok(encodeHistoryEntry({ ...record, value }).length < json.length * 0.8);
    });

    it('still reads the JSON entries of ledgers written before the binary encoding', () => {
        const legacy = Buffer.from(JSON.stringify({ ...record, value: record.value.toString('base64') }));
        assert.deepEqual(decodeHistoryEntry(legacy), record);
    });
});
