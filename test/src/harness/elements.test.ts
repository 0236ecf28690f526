import assert from 'node:assert/strict';
import { at, atLeast, entry, first, last, only, present } from './elements';

describe('elements: taking what a test received fails naming what is missing', () => {
    it('only takes the single element, and refuses none or several', () => {
        assert.equal(only(['a'], 'serials'), 'a');
        assert.throws(() => only([], 'serials'), /expected exactly one of serials, got 0/);
        assert.throws(() => only(['a', 'b'], 'serials'), /expected exactly one of serials, got 2/);
    });

    it('at, first and last take an element that is there, counting from the end when negative', () => {
        const list = ['a', 'b', 'c'];
        assert.deepEqual([at(list, 1), at(list, -1), first(list), last(list)], ['b', 'c', 'a', 'c']);
        assert.throws(() => at(list, 3, 'readings'), /expected readings to have an element at 3, got 3/);
        assert.throws(() => at(list, -4, 'readings'), /element at -4/);
        assert.throws(() => first([], 'readings'), /expected readings to have an element at 0, got 0/);
        assert.throws(() => last([], 'readings'), /element at -1/);
    });

    it('a present undefined element counts as there: the list decides, not the value', () => {
        assert.equal(at([undefined, 'b'], 0), undefined);
    });

    it('atLeast lets a test destructure the first elements, and refuses a shorter list', () => {
        const [a, b] = atLeast(['a', 'b', 'c'], 2, 'units');
        assert.deepEqual([a, b], ['a', 'b']);
        assert.throws(() => atLeast(['a'], 2, 'units'), /expected at least 2 units, got 1/);
    });

    it('entry takes a key that is there and names the keys that are when it is not', () => {
        assert.equal(entry({ sold: 3 }, 'sold'), 3);
        assert.throws(() => entry({ sold: 3, stocked: 1 }, 'labeled'), /expected an entry 'labeled', have sold, stocked/);
        assert.throws(() => entry({}, 'labeled'), /have none/);
    });

    it('present passes a value through, including falsy ones, and refuses undefined and null', () => {
        assert.deepEqual([present(0, 'a count'), present('', 'a name'), present(false, 'a flag')], [0, '', false]);
        assert.throws(() => present(undefined, 'a session cookie'), /expected a session cookie/);
        assert.throws(() => present(null, 'a match'), /expected a match/);
    });
});
