import assert from 'node:assert/strict';
import { CanonicalJsonError, canonicalJson } from './canonical-json';

/** The IEEE 754 double with the given 64 bits, as RFC 8785's number table lists them. */
function double(bits: string): number {
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, BigInt(`0x${bits}`));
    return view.getFloat64(0);
}

describe('canonicalJson (RFC 8785)', () => {
    it("writes the RFC's mixed example: sorted keys, shortest round-trip numbers, minimal string escapes", () => {
        const input = {
            // eslint-disable-next-line no-loss-of-precision -- the RFC's own literal: that it rounds is what the test is about
            numbers: [333333333.33333329, 1e30, 4.5, 2e-3, 0.000000000000000000000000001],
            string: '\u20ac$\u000f\nA\'B"\\\\"/',
            literals: [null, true, false],
        };
        assert.equal(canonicalJson(input), '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
    });

    it('orders keys by UTF-16 code units, so a surrogate pair sorts before U+FB33 and "10" before "2"', () => {
        const keys = ['\u20ac', '\r', '\ufb33', '1', '\ud83d\ude00', '\u0080', '\u00f6'];
        const input = Object.fromEntries(keys.map((key, i) => [key, i]));
        const order = Object.keys(JSON.parse(canonicalJson(input)) as object);
        // JSON.parse puts the integer-like key first again; the text itself is what RFC 8785 fixes.
        assert.equal(canonicalJson(input), `{"\\r":1,"1":3,"\u0080":5,"ö":6,"€":0,"😀":4,"\ufb33":2}`);
        assert.equal(order.length, keys.length);
        assert.equal(canonicalJson({ b: 1, '10': 2, '2': 3, A: 4 }), '{"10":2,"2":3,"A":4,"b":1}');
        assert.equal(canonicalJson({ z: [{ '10': new Date(0), '9': undefined }], a: 12 }), '{"a":12,"z":[{"10":"1970-01-01T00:00:00.000Z"}]}');
        assert.equal(canonicalJson(Object('abcdefghijkl') as unknown), '"abcdefghijkl"');
        assert.equal(canonicalJson(JSON.parse('{"z":1,"__proto__":{"a":1}}')), '{"__proto__":{"a":1},"z":1}');
    });

    it("writes numbers as ECMAScript does, per the RFC's table of IEEE 754 values", () => {
        const table: [string, string][] = [
            ['0000000000000000', '0'],
            ['8000000000000000', '0'],
            ['0000000000000001', '5e-324'],
            ['8000000000000001', '-5e-324'],
            ['7fefffffffffffff', '1.7976931348623157e+308'],
            ['ffefffffffffffff', '-1.7976931348623157e+308'],
            ['4340000000000000', '9007199254740992'],
            ['c340000000000000', '-9007199254740992'],
            ['4430000000000000', '295147905179352830000'],
            ['44b52d02c7e14af5', '9.999999999999997e+22'],
            ['44b52d02c7e14af6', '1e+23'],
            ['44b52d02c7e14af7', '1.0000000000000001e+23'],
            ['444b1ae4d6e2ef4e', '999999999999999700000'],
            ['444b1ae4d6e2ef50', '1e+21'],
            ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
            ['3eb0c6f7a0b5ed8d', '0.000001'],
            ['41b3de4355555553', '333333333.3333332'],
            ['becbf647612f3696', '-0.0000033333333333333333'],
        ];
        for (const [bits, text] of table) {
            assert.equal(canonicalJson(double(bits)), text, bits);
        }
    });

    it('refuses NaN, Infinity, bigints and cycles instead of writing something else', () => {
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        for (const value of [Number.NaN, Number.POSITIVE_INFINITY, { n: -Infinity }, 1n, cyclic]) {
            assert.throws(() => canonicalJson(value), CanonicalJsonError);
        }
    });

    it('honours toJSON and drops what JSON.stringify drops, as the bytes on the ledger always had', () => {
        assert.equal(canonicalJson([undefined, { t: new Date(0), f: () => 1, u: undefined }]), '[null,{"t":"1970-01-01T00:00:00.000Z"}]');
        assert.equal(canonicalJson({ z: { toJSON: (key: string) => `key ${key}` }, a: Object(2) as unknown }), '{"a":2,"z":"key z"}');
        assert.equal(canonicalJson(Buffer.from([1, 2])), '{"data":[1,2],"type":"Buffer"}');
        assert.equal(canonicalJson(undefined), undefined);
    });

    it('gives the same text as JSON.stringify wherever keys are already in order, the shape of stored records', () => {
        const record = { batchId: 'B-1', gtin: '09506000134352', parties: ['A', 'B'], serialCount: 3, timeline: [{ at: '2026-01-01T00:00:00.000Z', by: 'x', step: 'create' }] };
        assert.equal(canonicalJson(record), JSON.stringify(record));
        // Out of order only deep inside, or with something JSON.stringify would write otherwise.
        assert.equal(canonicalJson({ a: [1, { d: 1, c: 2 }], b: 2 }), '{"a":[1,{"c":2,"d":1}],"b":2}');
        assert.equal(canonicalJson({ a: { at: new Date(0) }, b: Object('x') as unknown }), '{"a":{"at":"1970-01-01T00:00:00.000Z"},"b":"x"}');
        assert.throws(() => canonicalJson({ a: { b: [Number.NaN] } }), CanonicalJsonError);
    });
});
