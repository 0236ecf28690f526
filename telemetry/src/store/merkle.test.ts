import { strict as assert } from 'node:assert';
import { merkleRoot, readingLeaf } from './merkle';

describe('Merkle digest of readings', () => {
    const reading = (seq: number, tempC = 4) => ({ sensorId: 'T-1', seq, ts: '2026-11-20T10:00:00Z', tempC, lat: 52, lon: 4 });

    it('is the same for the same readings, whatever the timestamp spelling', () => {
        assert.equal(readingLeaf(reading(1)), readingLeaf({ ...reading(1), ts: '2026-11-20T11:00:00+01:00' }));
    });

    it('changes when any reading changes, is added or is reordered', () => {
        const leaves = [0, 1, 2].map((seq) => readingLeaf(reading(seq)));
        const root = merkleRoot(leaves);
        assert.notEqual(merkleRoot([leaves[0], readingLeaf(reading(1, 4.1)), leaves[2]]), root);
        assert.notEqual(merkleRoot([...leaves, readingLeaf(reading(3))]), root);
        assert.notEqual(merkleRoot([leaves[1], leaves[0], leaves[2]]), root);
        assert.equal(merkleRoot(leaves), root);
    });

    it('of one leaf is the leaf, and of none is the hash of nothing', () => {
        const leaf = readingLeaf(reading(0));
        assert.equal(merkleRoot([leaf]), leaf);
        assert.equal(merkleRoot([]), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    });
});
