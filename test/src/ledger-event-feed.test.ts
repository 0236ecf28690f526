import assert from 'node:assert/strict';
import { type FeedEvent, type FeedPosition, type LedgerEventConsumer, newLedgerEventFeed } from '@coldtrace/ledger-client';
import { nextEvent, payloadOf } from './harness/next-event';
import { ledgerSuite } from './harness/suite';
import { last } from './harness/elements';

/** A consumer that keeps what it took in and its checkpoint, and fails its first `failures` batches. */
class Collector implements LedgerEventConsumer {
    readonly events: FeedEvent[] = [];

    #failures;

    constructor(
        readonly name: string,
        readonly firstStart: number,
        public saved: FeedPosition | undefined,
        failures = 0,
    ) {
        this.#failures = failures;
    }

    checkpoint(): FeedPosition | undefined {
        return this.saved;
    }

    consume(events: readonly FeedEvent[]): void {
        if (this.#failures > 0) {
            this.#failures -= 1;
            throw new Error(`${this.name} cannot take events in yet`);
        }
        this.events.push(...events);
        this.saved = last(events, 'consumed events').position;
    }

    /** How often the commissioning of `batchId` was taken in. */
    count(batchId: string): number {
        return this.events.filter((e) => e.eventName === 'BatchCommissioned' && payloadOf(e).ids.batchId === batchId).length;
    }
}

ledgerSuite('one ledger-event feed, each consumer from its own checkpoint', (ctx) => {
    it('hands each consumer every event once, retries a failing one from its checkpoint, and resumes each from its own after a restart', async () => {
        const start = await ctx.ledger.height();
        const commissioned = (collector: Collector, batchId: string) =>
            nextEvent(collector.events, (e) => e.eventName === 'BatchCommissioned' && payloadOf(e).ids.batchId === batchId);
        const failures: string[] = [];
        const feed = newLedgerEventFeed(ctx.ledger.ledger, ctx.ledger.identity('auditor'), { retryMs: 10, onError: (_error, name) => failures.push(name ?? '') });
        const steady = new Collector('steady', start, undefined);
        const failing = new Collector('failing', start, undefined, 2);
        let first: string;
        try {
            await feed.add(steady);
            await feed.add(failing);
            ({ batchId: first } = await ctx.ledger.submit('manufacturer', 'batch:create', [ctx.world.batchInput({ quantity: 1 })]));
            await commissioned(steady, first);
            await commissioned(failing, first);
        } finally {
            feed.close();
        }
        assert.deepEqual(failures, ['failing', 'failing']);
        assert.equal(steady.count(first), 1);
        assert.equal(failing.count(first), 1, 'the failed batches were handed over again, once taken in');

        // The node stops; `steady` had written its checkpoint only before the first batch, `failing` after it.
        const { batchId: second } = await ctx.ledger.submit('manufacturer', 'batch:create', [ctx.world.batchInput({ quantity: 1 })]);
        const restarted = newLedgerEventFeed(ctx.ledger.ledger, ctx.ledger.identity('auditor'), { retryMs: 10 });
        const steadyAgain = new Collector('steady', start, undefined);
        const failingAgain = new Collector('failing', start, failing.saved);
        try {
            await restarted.add(failingAgain);
            await restarted.add(steadyAgain);
            await commissioned(steadyAgain, second);
            await commissioned(failingAgain, second);
        } finally {
            restarted.close();
        }
        assert.equal(steadyAgain.count(first), 1, 'steady resumed from its own (earlier) checkpoint');
        assert.equal(failingAgain.count(first), 0, 'failing resumed after what it had taken in');
        assert.equal(failingAgain.count(second), 1);
        assert.equal(steadyAgain.count(second), 1);
    });
});
