import { strict as assert } from 'node:assert';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
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
        assert.deepEqual(
            reopened.pending().map((r) => r.seq),
            [0, 2],
        );
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

    it('keeps its directory readable by the owner only (0700, files 0600): readings carry GPS positions', () => {
        const queueDir = join(dir, 'sim', 'queue');
        const queue = DurableQueue.open(queueDir, { sync: 'never' });
        // Past compaction, so the files it rewrites are checked too.
        for (let i = 0; i < 5_001; i++) {
            queue.ack([queue.append(reading(i % 10)).seq]);
        }
        queue.append(reading(1));
        queue.close();
        assert.deepEqual(modesIn(queueDir), { '.': 0o700, 'acked.log': 0o600, 'next-seq': 0o600, 'readings.log': 0o600 });
    });

    it('narrows a queue directory and files that others could read, when opened', () => {
        const queueDir = join(dir, 'queue');
        mkdirSync(queueDir, { mode: 0o755 });
        chmodSync(queueDir, 0o755);
        const queue = DurableQueue.open(queueDir);
        queue.append(reading(1));
        queue.close();
        for (const file of readdirSync(queueDir)) {
            chmodSync(join(queueDir, file), 0o644);
        }
        chmodSync(queueDir, 0o755);
        const reopened = DurableQueue.open(queueDir);
        assert.deepEqual(modesIn(queueDir), { '.': 0o700, 'acked.log': 0o600, 'readings.log': 0o600 });
        assert.deepEqual(
            reopened.pending().map((r) => r.seq),
            [0],
        );
        reopened.close();
    });

    it('drops a torn last line left by a crash mid-write', () => {
        const queue = DurableQueue.open(dir);
        queue.append(reading(1));
        queue.close();
        appendFileSync(join(dir, 'readings.log'), '{"sensorId":"T-1","se');
        const reopened = DurableQueue.open(dir);
        assert.deepEqual(
            reopened.pending().map((r) => r.seq),
            [0],
        );
        reopened.close();
    });

    it('refuses a reading that breaks the schema, and stores nothing', () => {
        const queue = DurableQueue.open(dir);
        assert.throws(() => queue.append({ ...reading(1), tempC: 500 }));
        assert.equal(queue.size, 0);
        queue.close();
    });
});

/** Permission bits of a directory (`.`) and of each file in it. */
function modesIn(dir: string): Record<string, number> {
    const modes: Record<string, number> = { '.': statSync(dir).mode & 0o777 };
    for (const file of readdirSync(dir).sort()) {
        modes[file] = statSync(join(dir, file)).mode & 0o777;
    }
    return modes;
}
