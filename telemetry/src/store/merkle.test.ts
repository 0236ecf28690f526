import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { merkleRoot, readingLeaf } from './merkle';

describe('Merkle digest of readings', () => {
    const reading = (seq: number, tempC = 4) => ({ sensorId: 'T-1', seq, ts: '2026-11-20T10:00:00Z', tempC, lat: 52, lon: 4 });

    it('is the same for the same readings, whatever the timestamp spelling', () => {
        assert.equal(readingLeaf(reading(1)), readingLeaf({ ...reading(1), ts: '2026-11-20T11:00:00+01:00' }));
    });

    it('changes when any reading changes, is added or is reordered', () => {
        const [leaf0, leaf1, leaf2] = [readingLeaf(reading(0)), readingLeaf(reading(1)), readingLeaf(reading(2))];
        const leaves = [leaf0, leaf1, leaf2];
        const root = merkleRoot(leaves);
        assert.notEqual(merkleRoot([leaf0, readingLeaf(reading(1, 4.1)), leaf2]), root);
        assert.notEqual(merkleRoot([...leaves, readingLeaf(reading(3))]), root);
        assert.notEqual(merkleRoot([leaf1, leaf0, leaf2]), root);
        assert.equal(merkleRoot(leaves), root);
    });

    it('of one leaf is the leaf, and of none is the hash of nothing', () => {
        const leaf = readingLeaf(reading(0));
        assert.equal(merkleRoot([leaf]), leaf);
        assert.equal(merkleRoot([]), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    });

    it('keeps fixed roots for odd leaf counts: the last node of an odd level is promoted unchanged, not paired with itself', () => {
        // Pinned once from the definition (SHA-256 over 0x01 ‖ left ‖ right, an odd node promoted);
        // an anchored digest must never change, so these roots may never change either.
        const leaves = ['a', 'b', 'c', 'd', 'e'].map((letter) => createHash('sha256').update(letter).digest('hex'));
        assert.equal(merkleRoot(leaves.slice(0, 1)), 'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb');
        assert.equal(merkleRoot(leaves.slice(0, 3)), '1394b29c3086a6150915a75bd1ab6c5dd7e461ec0c5e7d31939ae192d08eb59a');
        assert.equal(merkleRoot(leaves), 'a35cc874099bd151fdc047602c88631c8d68ea9f6a0dde44c98672f7185fb529');
    });
});
