import assert from 'node:assert/strict';
import { ReadWriteLock } from './rw-lock';

/** A promise the test settles by hand, so the order of events is decided by the test, not by timing. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
    let resolve!: () => void;
    const promise = new Promise<void>((done) => (resolve = done));
    return { promise, resolve };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ReadWriteLock', () => {
    it('lets readers share the lock', async () => {
        const lock = new ReadWriteLock();
        const gate = deferred();
        const inside: number[] = [];
        const readers = [1, 2, 3].map((n) =>
            lock.read(async () => {
                inside.push(n);
                await gate.promise;
            }),
        );
        await settle();
        assert.deepEqual(inside, [1, 2, 3]);
        gate.resolve();
        await Promise.all(readers);
    });

    it('keeps a writer out until every reader is done, and readers out while it writes', async () => {
        const lock = new ReadWriteLock();
        const log: string[] = [];
        const reading = deferred();
        const writing = deferred();
        const reader = lock.read(async () => {
            log.push('read start');
            await reading.promise;
            log.push('read end');
        });
        const writer = lock.write(async () => {
            log.push('write start');
            await writing.promise;
            log.push('write end');
        });
        await settle();
        assert.deepEqual(log, ['read start']);
        reading.resolve();
        await settle();
        assert.deepEqual(log, ['read start', 'read end', 'write start']);
        const later = lock.read(async () => void log.push('later read'));
        await settle();
        assert.equal(log.includes('later read'), false);
        writing.resolve();
        await Promise.all([reader, writer, later]);
        assert.deepEqual(log, ['read start', 'read end', 'write start', 'write end', 'later read']);
    });

    it('prefers a waiting writer to readers that arrive after it, so endorsements cannot starve commits', async () => {
        const lock = new ReadWriteLock();
        const log: string[] = [];
        const first = deferred();
        const reader = lock.read(() => first.promise);
        const writer = lock.write(async () => void log.push('write'));
        const lateReader = lock.read(async () => void log.push('late read'));
        await settle();
        assert.deepEqual(log, []);
        first.resolve();
        await Promise.all([reader, writer, lateReader]);
        assert.deepEqual(log, ['write', 'late read']);
    });

    it('runs writers one at a time', async () => {
        const lock = new ReadWriteLock();
        let inside = 0;
        let most = 0;
        await Promise.all(
            [1, 2, 3].map(() =>
                lock.write(async () => {
                    inside += 1;
                    most = Math.max(most, inside);
                    await settle();
                    inside -= 1;
                }),
            ),
        );
        assert.equal(most, 1);
    });

    it('releases the lock when the work throws, and passes the error on', async () => {
        const lock = new ReadWriteLock();
        await assert.rejects(
            lock.write(async () => {
                throw new Error('commit failed');
            }),
            /commit failed/,
        );
        await assert.rejects(
            lock.read(async () => {
                throw new Error('simulation failed');
            }),
            /simulation failed/,
        );
        assert.equal(await lock.write(async () => 'free again'), 'free again');
    });
});
