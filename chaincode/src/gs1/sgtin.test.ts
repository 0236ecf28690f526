import assert from 'node:assert/strict';
import { InvalidIdentifierError } from './invalid-identifier-error';
import { parseSgtinUrn, toSgtinUrn } from './sgtin';

describe('parseSgtinUrn', () => {
    it('parses the GS1 Tag Data Standard example', () => {
        assert.deepEqual(parseSgtinUrn('urn:epc:id:sgtin:0614141.107346.2017'), { gtin: '10614141073464', serial: '2017' });
    });

    it('handles other company prefix lengths', () => {
        assert.deepEqual(parseSgtinUrn('urn:epc:id:sgtin:950600013.0435.X1'), { gtin: '09506000134352', serial: 'X1' });
        assert.deepEqual(parseSgtinUrn('urn:epc:id:sgtin:950600013435.0.X1'), { gtin: '09506000134352', serial: 'X1' });
    });

    it('percent-decodes the serial and keeps dots in it', () => {
        assert.deepEqual(parseSgtinUrn('urn:epc:id:sgtin:0614141.107346.A%2FB%25.1'), { gtin: '10614141073464', serial: 'A/B%.1' });
    });

    it('accepts an upper-case URN prefix', () => {
        assert.equal(parseSgtinUrn('URN:EPC:ID:SGTIN:0614141.107346.2017').gtin, '10614141073464');
    });

    it('rejects other URNs', () => {
        assert.throws(() => parseSgtinUrn('urn:epc:id:sscc:0614141.1234567890'), /must start with "urn:epc:id:sgtin:"/);
    });

    it('rejects a URN with missing parts', () => {
        assert.throws(() => parseSgtinUrn('urn:epc:id:sgtin:0614141.107346'), /must have the form/);
        assert.throws(() => parseSgtinUrn('urn:epc:id:sgtin:0614141107346'), /must have the form/);
    });

    it('rejects a company prefix and item reference that do not make 13 digits', () => {
        assert.throws(() => parseSgtinUrn('urn:epc:id:sgtin:0614141.10734.2017'), /must be 6 digits after a 7-digit company prefix/);
        assert.throws(() => parseSgtinUrn('urn:epc:id:sgtin:0614141.1073466.2017'), /must be 6 digits/);
        assert.throws(() => parseSgtinUrn('urn:epc:id:sgtin:12345.12345678.2017'), /company prefix "12345", which must be 6 to 12 digits/);
        assert.throws(() => parseSgtinUrn('urn:epc:id:sgtin:0614141.1073A6.2017'), InvalidIdentifierError);
    });

    it('rejects a bad serial', () => {
        assert.throws(() => parseSgtinUrn('urn:epc:id:sgtin:0614141.107346.'), /serial must not be empty/);
        assert.throws(() => parseSgtinUrn('urn:epc:id:sgtin:0614141.107346.A%20B'), /" " \(U\+0020\)/);
        assert.throws(() => parseSgtinUrn('urn:epc:id:sgtin:0614141.107346.A%2'), /malformed percent-encoding/);
        assert.throws(() => parseSgtinUrn(`urn:epc:id:sgtin:0614141.107346.${'1'.repeat(21)}`), /21 characters/);
    });
});

describe('toSgtinUrn', () => {
    it('builds the GS1 Tag Data Standard example', () => {
        assert.equal(toSgtinUrn('10614141073464', '2017', 7), 'urn:epc:id:sgtin:0614141.107346.2017');
    });

    it('escapes the characters EPC URIs reserve', () => {
        assert.equal(toSgtinUrn('10614141073464', `a"%&/<>?b`, 7), 'urn:epc:id:sgtin:0614141.107346.a%22%25%26%2F%3C%3E%3Fb');
        assert.equal(toSgtinUrn('10614141073464', `!'()*+,-.:;=_`, 7), `urn:epc:id:sgtin:0614141.107346.!'()*+,-.:;=_`);
    });

    it('round-trips through parseSgtinUrn', () => {
        for (const [gtin, serial, length] of [
            ['10614141073464', 'A/B%C?1', 7],
            ['09506000134352', 'x.y', 9],
            ['04006381333931', '"<>&', 12],
        ] as const) {
            assert.deepEqual(parseSgtinUrn(toSgtinUrn(gtin, serial, length)), { gtin, serial });
        }
    });

    it('accepts a shorter GTIN form', () => {
        assert.equal(toSgtinUrn('4006381333931', '1', 7), 'urn:epc:id:sgtin:4006381.033393.1');
    });

    it('rejects a bad GTIN, serial or company prefix length', () => {
        assert.throws(() => toSgtinUrn('10614141073465', '2017', 7), /check digit 5, expected 4/);
        assert.throws(() => toSgtinUrn('10614141073464', 'A B', 7), /U\+0020/);
        assert.throws(() => toSgtinUrn('10614141073464', 'A#B', 7), /"#" \(U\+0023\)/);
        assert.throws(() => toSgtinUrn('10614141073464', '2017', 5), /company prefix length 5 must be a whole number from 6 to 12/);
        assert.throws(() => toSgtinUrn('10614141073464', '2017', 13), InvalidIdentifierError);
    });
});
