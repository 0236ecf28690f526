import assert from 'node:assert/strict';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
    it('sorts keys at every depth, whatever order they were written in', () => {
        assert.equal(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } }), '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
        assert.equal(canonicalJson({ a: { c: 1, d: 2 }, b: [] }), '{"a":{"c":1,"d":2},"b":[]}');
    });

    it('gives the bytes existing blocks were hashed over: integer-like keys first, undefined left out, toJSON applied', () => {
        assert.equal(canonicalJson({ b: 1, '10': 2, a: undefined, '2': 3 }), '{"2":3,"10":2,"b":1}');
        assert.equal(canonicalJson({ '2': 1, '10': 2 }), '{"2":1,"10":2}');
        assert.equal(canonicalJson([undefined, { t: new Date(0) }]), '[null,{"t":"1970-01-01T00:00:00.000Z"}]');
    });
});
