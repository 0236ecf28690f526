import assert from 'node:assert/strict';
import { NonceSource } from './nonce-source';

describe('NonceSource', () => {
    it('hands out nonces of the asked size, each different, across several blocks', () => {
        const nonces = new NonceSource(24, 4);
        const seen = new Set<string>();
        for (let i = 0; i < 50; i++) {
            const nonce = nonces.next();
            assert.equal(nonce.length, 24);
            seen.add(nonce.toString('hex'));
        }
        assert.equal(seen.size, 50);
    });

    it('never changes a nonce handed out before, when the next block is drawn', () => {
        const nonces = new NonceSource(8, 2);
        const first = nonces.next();
        const copy = Buffer.from(first);
        for (let i = 0; i < 10; i++) {
            nonces.next();
        }
        assert.deepEqual(first, copy);
    });

    it('refuses a size or count that is not a positive whole number', () => {
        assert.throws(() => new NonceSource(0), RangeError);
        assert.throws(() => new NonceSource(24, 1.5), RangeError);
    });
});
