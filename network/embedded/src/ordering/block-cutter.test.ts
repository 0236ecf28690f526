import assert from 'node:assert/strict';
import { BlockCutter } from './block-cutter';

describe('BlockCutter', () => {
    it('cuts transactions that arrive together into one block', async () => {
        const blocks: string[][] = [];
        const cutter = new BlockCutter(async (items: string[]) => {
            blocks.push(items);
            return items.map((item) => `${item}@${blocks.length - 1}`);
        }, 10);
        const results = await Promise.all(['a', 'b', 'c'].map((item) => cutter.enqueue(item)));
        assert.deepEqual(blocks, [['a', 'b', 'c']]);
        assert.deepEqual(results, ['a@0', 'b@0', 'c@0']);
    });

    it('puts at most maxPerBlock transactions in a block, in arrival order', async () => {
        const blocks: number[][] = [];
        const cutter = new BlockCutter(async (items: number[]) => {
            blocks.push(items);
            return items;
        }, 2);
        await Promise.all([1, 2, 3, 4, 5].map((item) => cutter.enqueue(item)));
        assert.deepEqual(blocks, [[1, 2], [3, 4], [5]]);
    });

    it('orders what arrives while a block commits into the next block', async () => {
        const blocks: string[][] = [];
        let release!: () => void;
        const firstCommit = new Promise<void>((resolve) => (release = resolve));
        const cutter = new BlockCutter(async (items: string[]) => {
            blocks.push(items);
            if (blocks.length === 1) {
                await firstCommit;
            }
            return items;
        }, 10);
        const first = cutter.enqueue('a');
        await new Promise((resolve) => setImmediate(resolve));
        const later = [cutter.enqueue('b'), cutter.enqueue('c')];
        release();
        await Promise.all([first, ...later]);
        assert.deepEqual(blocks, [['a'], ['b', 'c']]);
    });

    it('rejects every transaction of a block whose commit fails, and goes on with the next block', async () => {
        let calls = 0;
        const cutter = new BlockCutter(async (items: string[]) => {
            calls += 1;
            if (calls === 1) {
                throw new Error('disk full');
            }
            return items;
        }, 2);
        const results = await Promise.allSettled(['a', 'b', 'c'].map((item) => cutter.enqueue(item)));
        assert.deepEqual(
            results.map((result) => (result.status === 'fulfilled' ? result.value : (result.reason as Error).message)),
            ['disk full', 'disk full', 'c'],
        );
    });
});
