import { strict as assert } from 'node:assert';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableQueue } from './durable-queue';

describe('DurableQueue', () => {
    let dir: string;
    const reading = (tempC: number) => ({ sensorId: 'T-1', ts: '2026-11-20T10:00:00.000Z', tempC, lat: 52, lon: 4 });

    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'coldtrace-queue-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('numbers readings and keeps unacknowledged ones across a reopen', () => {
        const queue = DurableQueue.open(dir);
        const seqs = [1, 2, 3].map((t) => queue.append(reading(t)).seq);
        assert.deepEqual(seqs, [0, 1, 2]);
        queue.ack([1, 7]);
        queue.close();
        const reopened = DurableQueue.open(dir);
        assert.deepEqual(reopened.pending().map((r) => r.seq), [0, 2]);
        assert.equal(reopened.append(reading(4)).seq, 3);
        reopened.close();
    });

    it('continues numbering after compaction, even when everything was acknowledged', () => {
        const queue = DurableQueue.open(dir, { sync: 'never' });
        for (let i = 0; i < 5_001; i++) {
            queue.ack([queue.append(reading(i % 10)).seq]);
        }
        queue.close();
        const reopened = DurableQueue.open(dir);
        assert.equal(reopened.size, 0);
        assert.equal(reopened.append(reading(5)).seq, 5_001);
        reopened.close();
    });

    it('drops a torn last line left by a crash mid-write', () => {
        const queue = DurableQueue.open(dir);
        queue.append(reading(1));
        queue.close();
        appendFileSync(join(dir, 'readings.log'), '{"sensorId":"T-1","se');
        const reopened = DurableQueue.open(dir);
        assert.deepEqual(reopened.pending().map((r) => r.seq), [0]);
        reopened.close();
    });

    it('refuses a reading that breaks the schema, and stores nothing', () => {
        const queue = DurableQueue.open(dir);
        assert.throws(() => queue.append({ ...reading(1), tempC: 500 }));
        assert.equal(queue.size, 0);
        queue.close();
    });
});
