import assert from 'node:assert/strict';
import { FanOutLedgerEventFeed } from './fan-out-ledger-event-feed';
import type { FeedPosition } from './feed-position';
import type { Ledger, LedgerEvent, SubscribeOptions } from './ledger';
import type { FeedEvent, LedgerEventConsumer } from './ledger-event-feed';

/** A chain of blocks of chaincode events; subscribe replays from the start block, then goes live, as both backends do. */
class FakeChain {
    readonly blocks: string[][] = [];
    subscriptions = 0;
    /** How many of the next subscribe calls fail, as while the peer is down. */
    refusals = 0;
    readonly #live = new Set<(event: LedgerEvent) => void>();
    readonly #ends = new Map<(event: LedgerEvent) => void, ((error: Error) => void) | undefined>();

    readonly ledger = {
        kind: 'embedded',
        height: async () => this.blocks.length,
        subscribe: async (_identity: unknown, listener: (event: LedgerEvent) => void, options: SubscribeOptions = {}) => {
            this.subscriptions += 1;
            if (this.refusals > 0) {
                this.refusals -= 1;
                throw new Error('the peer is down');
            }
            this.#ends.set(listener, options.onEnd);
            this.blocks.slice(options.startBlock ?? this.blocks.length).forEach((names, i) => names.forEach((name) => listener(event((options.startBlock ?? 0) + i, name))));
            this.#live.add(listener);
            return { close: () => this.#live.delete(listener) };
        },
    } as unknown as Ledger;

    /** Breaks every open stream as a restarting peer does: its listeners hear nothing more. */
    breakStreams(): void {
        for (const listener of this.#live) {
            this.#live.delete(listener);
            this.#ends.get(listener)?.(new Error('stream reset by peer'));
        }
    }

    commit(...names: string[]): void {
        this.blocks.push(names);
        names.forEach((name) => this.#live.forEach((listener) => listener(event(this.blocks.length - 1, name))));
    }
}

function event(blockNumber: number, name: string): LedgerEvent {
    return { blockNumber, txId: `tx-${name}`, eventName: name, payload: new Uint8Array() };
}

/** A consumer whose checkpoint survives "restarts" in `saved`, and that can be told to fail or hang. */
class Recorder implements LedgerEventConsumer {
    readonly seen: string[] = [];
    failures = 0;
    hold: Promise<void> | undefined;

    constructor(
        readonly name: string,
        readonly firstStart: number | 'height' = 0,
        public saved?: FeedPosition,
    ) {}

    checkpoint(): FeedPosition | undefined {
        return this.saved;
    }

    async consume(events: readonly FeedEvent[]): Promise<void> {
        await this.hold;
        if (this.failures > 0) {
            this.failures -= 1;
            throw new Error(`${this.name} is down`);
        }
        this.seen.push(...events.map((e) => e.eventName));
        this.saved = events.at(-1)!.position;
    }
}

/** Lets queued consumer loops run until `done` holds (no clock involved). */
async function settled(done: () => boolean): Promise<void> {
    for (let i = 0; i < 10_000 && !done(); i++) {
        await new Promise((resolve) => setImmediate(resolve));
    }
    assert.ok(done(), 'the consumers did not settle');
}

describe('FanOutLedgerEventFeed', () => {
    it('hands each consumer the events after its own checkpoint, from one subscription', async () => {
        const chain = new FakeChain();
        chain.commit('a', 'b');
        chain.commit('c');
        const feed = new FanOutLedgerEventFeed(chain.ledger, {} as never, { retryMs: 0 });
        const early = new Recorder('early', 0, { block: 0, index: 0 });
        const live = new Recorder('live', 'height');
        await feed.add(early);
        await feed.add(live);
        chain.commit('d', 'e');
        await settled(() => early.seen.length === 4 && live.seen.length === 2);
        assert.deepEqual(early.seen, ['b', 'c', 'd', 'e']);
        assert.deepEqual(live.seen, ['d', 'e']);
        assert.deepEqual(early.saved, { block: 2, index: 1 });
        assert.equal(chain.subscriptions, 1);
        feed.close();
    });

    it('hands a consumer that threw the same events again while the others go on', async () => {
        const chain = new FakeChain();
        const errors: string[] = [];
        const feed = new FanOutLedgerEventFeed(chain.ledger, {} as never, { retryMs: 0, onError: (_error, name) => errors.push(name ?? '') });
        const failing = new Recorder('failing');
        const steady = new Recorder('steady');
        failing.failures = 3;
        await feed.add(failing);
        await feed.add(steady);
        chain.commit('a');
        chain.commit('b');
        await settled(() => failing.seen.length === 2 && steady.seen.length === 2);
        assert.deepEqual(failing.seen, ['a', 'b']);
        assert.deepEqual(steady.seen, ['a', 'b']);
        assert.deepEqual(errors, ['failing', 'failing', 'failing']);
        feed.close();
    });

    it('resumes each consumer from its own checkpoint after a restart', async () => {
        const chain = new FakeChain();
        const fast = new Recorder('fast');
        const slow = new Recorder('slow');
        let release!: () => void;
        const first = new FanOutLedgerEventFeed(chain.ledger, {} as never, { retryMs: 0 });
        await first.add(fast);
        chain.commit('a', 'b');
        await first.add(slow);
        await settled(() => fast.seen.length === 2 && slow.seen.length === 2);
        slow.hold = new Promise((resolve) => (release = resolve));
        chain.commit('c');
        await settled(() => fast.seen.length === 3);
        first.close(); // the process stops while `slow` is still taking in `c`
        release();
        slow.hold = undefined;
        chain.commit('d');
        const second = new FanOutLedgerEventFeed(chain.ledger, {} as never, { retryMs: 0 });
        const fastAgain = new Recorder('fast', 0, fast.saved);
        const slowAgain = new Recorder('slow', 0, { block: 0, index: 1 }); // its durable checkpoint before `c`
        await second.add(fastAgain);
        await second.add(slowAgain);
        await settled(() => fastAgain.seen.length === 1 && slowAgain.seen.length === 2);
        assert.deepEqual(fastAgain.seen, ['d']);
        assert.deepEqual(slowAgain.seen, ['c', 'd'], 'c was handed over before the stop but not checkpointed: at least once');
        second.close();
    });

    it('reads again for a consumer added behind the feed, without handing the others anything twice', async () => {
        const chain = new FakeChain();
        chain.commit('a');
        chain.commit('b');
        const feed = new FanOutLedgerEventFeed(chain.ledger, {} as never, { retryMs: 0 });
        const live = new Recorder('live', 'height');
        await feed.add(live);
        chain.commit('c');
        await settled(() => live.seen.length === 1);
        const late = new Recorder('late', 0);
        await feed.add(late);
        chain.commit('d');
        await settled(() => late.seen.length === 4 && live.seen.length === 2);
        assert.deepEqual(late.seen, ['a', 'b', 'c', 'd']);
        assert.deepEqual(live.seen, ['c', 'd']);
        assert.equal(chain.subscriptions, 2);
        feed.close();
    });

    it('lets a consumer that fell too far behind catch up by reading again from its position', async () => {
        const chain = new FakeChain();
        const feed = new FanOutLedgerEventFeed(chain.ledger, {} as never, { retryMs: 0, maxQueued: 3, maxBatch: 1 });
        const stuck = new Recorder('stuck');
        const steady = new Recorder('steady');
        let release!: () => void;
        stuck.hold = new Promise((resolve) => (release = resolve));
        await feed.add(stuck);
        await feed.add(steady);
        for (const [i, name] of ['a', 'b', 'c', 'd', 'e'].entries()) {
            chain.commit(name);
            await settled(() => steady.seen.length === i + 1);
        }
        release();
        stuck.hold = undefined;
        await settled(() => stuck.seen.length === 5);
        chain.commit('f');
        await settled(() => stuck.seen.length === 6 && steady.seen.length === 6);
        assert.deepEqual(stuck.seen, ['a', 'b', 'c', 'd', 'e', 'f']);
        assert.deepEqual(steady.seen, ['a', 'b', 'c', 'd', 'e', 'f']);
        assert.equal(chain.subscriptions, 2);
        feed.close();
    });

    it('starts a consumer whose checkpoint lies beyond the ledger from its height (another ledger’s data)', async () => {
        const chain = new FakeChain();
        chain.commit('a');
        const feed = new FanOutLedgerEventFeed(chain.ledger, {} as never, { retryMs: 0 });
        const stale = new Recorder('stale', 0, { block: 40, index: 3 });
        await feed.add(stale);
        chain.commit('b');
        await settled(() => stale.seen.length === 1);
        assert.deepEqual(stale.seen, ['b']);
        feed.close();
    });

    it('opens a broken stream again from each consumer’s position, retrying while the peer is down', async () => {
        const chain = new FakeChain();
        chain.commit('a');
        const errors: unknown[] = [];
        const feed = new FanOutLedgerEventFeed(chain.ledger, {} as never, { retryMs: 0, onError: (error) => errors.push(error) });
        const early = new Recorder('early', 0);
        const late = new Recorder('late', 'height');
        await feed.add(early);
        await feed.add(late);
        chain.commit('b');
        await settled(() => early.seen.length === 2 && late.seen.length === 1);
        chain.refusals = 2;
        chain.breakStreams();
        // Committed while no stream is open: only a new subscription from the consumers' positions brings them.
        chain.commit('c');
        await settled(() => early.seen.length === 3 && late.seen.length === 2);
        chain.commit('d');
        await settled(() => early.seen.length === 4 && late.seen.length === 3);
        assert.deepEqual(early.seen, ['a', 'b', 'c', 'd']);
        assert.deepEqual(late.seen, ['b', 'c', 'd']);
        assert.equal(errors.length, 3, 'the broken stream and the two refused subscriptions were reported');
        feed.close();
    });
});
