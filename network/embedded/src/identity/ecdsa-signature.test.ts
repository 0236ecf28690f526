import assert from 'node:assert/strict';
import { P256_ORDER, decodeDerSignature, encodeDerSignature, isLowS, toLowS } from './ecdsa-signature';
import { MalformedSignatureError } from './malformed-signature-error';

const HALF_ORDER = P256_ORDER >> 1n;

function p1363(r: bigint, s: bigint): Uint8Array {
    return Uint8Array.from(Buffer.from(r.toString(16).padStart(64, '0') + s.toString(16).padStart(64, '0'), 'hex'));
}

describe('ecdsa-signature', () => {
    it('treats S = n/2 as low and n/2 + 1 as high', () => {
        assert.ok(isLowS(p1363(1n, HALF_ORDER)));
        assert.equal(isLowS(p1363(1n, HALF_ORDER + 1n)), false);
    });

    it('normalizes a high S to n - S and leaves a low S alone', () => {
        const high = p1363(12345n, P256_ORDER - 7n);
        assert.deepEqual(toLowS(high), p1363(12345n, 7n));
        const low = p1363(12345n, 7n);
        assert.equal(toLowS(low), low);
    });

    it('round-trips through minimal DER, padding a set top bit with a zero byte', () => {
        const signature = p1363(0x80n, 0x7fn);
        const der = encodeDerSignature(signature);
        assert.deepEqual([...der], [0x30, 0x07, 0x02, 0x02, 0x00, 0x80, 0x02, 0x01, 0x7f]);
        assert.deepEqual(decodeDerSignature(der), signature);
        const big = p1363(P256_ORDER - 1n, HALF_ORDER);
        assert.deepEqual(decodeDerSignature(encodeDerSignature(big)), big);
    });

    it('rejects non-DER and out-of-range encodings', () => {
        const malformed = [
            [],
            [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00], // wrong outer length / trailing byte
            [0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01], // non-minimal r
            [0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x01], // negative r
            [0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01], // r = 0
            [0x30, 0x06, 0x04, 0x01, 0x01, 0x02, 0x01, 0x01], // not an INTEGER
            [...encodeDerSignature(p1363(1n, 1n)).subarray(0, 5)],
        ];
        for (const bytes of malformed) {
            assert.throws(() => decodeDerSignature(Uint8Array.from(bytes)), MalformedSignatureError, JSON.stringify(bytes));
        }
        const nEncoded = [0x02, 0x21, 0x00, ...Buffer.from(P256_ORDER.toString(16), 'hex')];
        assert.throws(() => decodeDerSignature(Uint8Array.from([0x30, 3 + nEncoded.length, 0x02, 0x01, 0x01, ...nEncoded])), MalformedSignatureError, 's = n');
        assert.throws(() => toLowS(new Uint8Array(63)), MalformedSignatureError);
    });
});
