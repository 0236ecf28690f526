import assert from 'node:assert/strict';
import type { Network } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import { PeerHeightWatch } from './peer-height-watch';

/** A peer's filtered block stream that the test feeds block by block, or breaks. */
class FakeBlockStream {
    readonly #queue: (number | Error)[] = [];
    #wake: (() => void) | undefined;
    closed = false;

    push(item: number | Error): void {
        this.#queue.push(item);
        this.#wake?.();
    }

    close(): void {
        this.closed = true;
        this.#wake?.();
    }

    [Symbol.dispose](): void {
        this.close();
    }

    async *[Symbol.asyncIterator](): AsyncGenerator<peer.FilteredBlock> {
        for (;;) {
            const item = this.#queue.shift();
            if (item instanceof Error) {
                throw item;
            }
            if (item !== undefined) {
                const block = new peer.FilteredBlock();
                block.setNumber(item);
                yield block;
            } else if (this.closed) {
                return;
            } else {
                await new Promise<void>((resolve) => (this.#wake = resolve));
            }
        }
    }
}

const settled = async (promise: Promise<unknown>) => Promise.race([promise.then(() => true), new Promise((resolve) => setImmediate(() => resolve(false)))]);

describe('PeerHeightWatch: a peer followed on its block events', () => {
    async function start(currentHeight: number) {
        const stream = new FakeBlockStream();
        const ended: string[] = [];
        const network = { getFilteredBlockEvents: async () => stream } as unknown as Network;
        const watch = await PeerHeightWatch.start(
            network,
            async () => currentHeight,
            () => ended.push('ended'),
        );
        return { stream, watch, ended };
    }

    it('answers at once for a height the peer has, and wakes a waiter when its block arrives', async () => {
        const { stream, watch } = await start(10);
        assert.equal(await settled(watch.reach(10, Date.now() + 60_000)), true);
        const waiting = watch.reach(12, Date.now() + 60_000);
        stream.push(10);
        assert.equal(await settled(waiting), false, 'block 10 makes the height 11, not 12');
        stream.push(11);
        assert.equal(await settled(waiting), true);
        watch.close();
    });

    it('gives up waiting at the deadline, and releases every waiter when the stream breaks', async () => {
        const { stream, watch, ended } = await start(5);
        await watch.reach(100, Date.now() + 20);
        const waiting = watch.reach(100, Date.now() + 60_000);
        stream.push(new Error('peer went away'));
        await waiting; // released long before its deadline, or the test times out
        assert.deepEqual(ended, ['ended']);
    });

    it('closes its stream when the current height cannot be read, since nobody holds the watch', async () => {
        const stream = new FakeBlockStream();
        const network = { getFilteredBlockEvents: async () => stream } as unknown as Network;
        const unreachable = () => Promise.reject(new Error('UNAVAILABLE'));
        await assert.rejects(
            PeerHeightWatch.start(network, unreachable, () => undefined),
            /UNAVAILABLE/,
        );
        assert.equal(stream.closed, true);
    });
});
