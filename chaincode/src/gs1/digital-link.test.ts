import assert from 'node:assert/strict';
import { parseDigitalLink, toDigitalLink } from './digital-link';
import { InvalidIdentifierError } from './invalid-identifier-error';

describe('parseDigitalLink', () => {
    it('parses GTIN and serial on id.gs1.org and ignores the query string', () => {
        assert.deepEqual(parseDigitalLink('https://id.gs1.org/01/09506000134352/21/ABC123?17=261231'), { gtin: '09506000134352', serial: 'ABC123' });
    });

    it('parses a path prefix on any host, lot, and a percent-encoded serial', () => {
        assert.deepEqual(parseDigitalLink('https://example.com/some/prefix/01/09506000134352/10/LOT1/21/ABC%2F1'), {
            gtin: '09506000134352',
            lot: 'LOT1',
            serial: 'ABC/1',
        });
    });

    it('parses a GTIN alone, normalizing it to 14 digits', () => {
        assert.deepEqual(parseDigitalLink('http://example.com/01/4006381333931'), { gtin: '04006381333931' });
        assert.deepEqual(parseDigitalLink('https://example.com/01/09506000134352/'), { gtin: '09506000134352' });
    });

    it('accepts a consumer product variant without returning it', () => {
        assert.deepEqual(parseDigitalLink('https://id.gs1.org/01/09506000134352/22/V1/10/L%2B2/21/S1#top'), {
            gtin: '09506000134352',
            lot: 'L+2',
            serial: 'S1',
        });
    });

    it('is not confused by "01" as a value or in the prefix', () => {
        assert.deepEqual(parseDigitalLink('https://example.com/01/x/01/09506000134352/10/01/21/01'), {
            gtin: '09506000134352',
            lot: '01',
            serial: '01',
        });
    });

    it('rejects a Digital Link without /01/', () => {
        assert.throws(() => parseDigitalLink('https://id.gs1.org/21/ABC123'), {
            name: 'InvalidIdentifierError',
            message: 'Digital Link "https://id.gs1.org/21/ABC123" has no /01/ GTIN path segment',
        });
        assert.throws(() => parseDigitalLink('https://id.gs1.org/'), /no \/01\//);
        assert.throws(() => parseDigitalLink('https://id.gs1.org'), /no \/01\//);
        assert.throws(() => parseDigitalLink('https://id.gs1.org/01/09506000134352/21'), /pairs of AI and value/);
    });

    it('rejects a URI that is not http or https', () => {
        assert.throws(() => parseDigitalLink('ftp://id.gs1.org/01/09506000134352'), /must be an http or https URI/);
        assert.throws(() => parseDigitalLink('id.gs1.org/01/09506000134352'), /must be an http or https URI/);
    });

    it('rejects a bad GTIN', () => {
        assert.throws(() => parseDigitalLink('https://id.gs1.org/01/09506000134353/21/A'), /check digit 3, expected 2/);
        assert.throws(() => parseDigitalLink('https://id.gs1.org/01/ABC/21/A'), /must contain only digits/);
    });

    it('rejects unknown, repeated and out-of-order qualifiers', () => {
        assert.throws(() => parseDigitalLink('https://id.gs1.org/01/09506000134352/17/261231'), /"17", which is not a GTIN qualifier/);
        assert.throws(() => parseDigitalLink('https://id.gs1.org/01/09506000134352/21/A/10/L'), /AI 10 out of order/);
        assert.throws(() => parseDigitalLink('https://id.gs1.org/01/09506000134352/21/A/21/B'), /AI 21 out of order/);
    });

    it('rejects bad qualifier values', () => {
        assert.throws(() => parseDigitalLink('https://id.gs1.org/01/09506000134352/21/caf%C3%A9'), /"é" \(U\+00E9\)/);
        assert.throws(() => parseDigitalLink('https://id.gs1.org/01/09506000134352/21/A%20B'), /" " \(U\+0020\)/);
        assert.throws(() => parseDigitalLink('https://id.gs1.org/01/09506000134352/21/A%ZZ'), /malformed percent-encoding/);
        assert.throws(() => parseDigitalLink('https://id.gs1.org/01/09506000134352/10/L%20T'), /lot "L T" contains/);
        assert.throws(() => parseDigitalLink(`https://id.gs1.org/01/09506000134352/10/${'L'.repeat(21)}`), /lot .* 21 characters/);
        assert.throws(() => parseDigitalLink('https://id.gs1.org/01/09506000134352//'), InvalidIdentifierError);
    });
});

describe('toDigitalLink', () => {
    it('builds a link on id.gs1.org by default', () => {
        assert.equal(toDigitalLink('09506000134352', 'ABC123'), 'https://id.gs1.org/01/09506000134352/21/ABC123');
    });

    it('percent-encodes reserved characters in the serial', () => {
        assert.equal(toDigitalLink('09506000134352', 'ABC/1'), 'https://id.gs1.org/01/09506000134352/21/ABC%2F1');
        assert.equal(toDigitalLink('09506000134352', `!"%&'()*+,/:;<=>?`), 'https://id.gs1.org/01/09506000134352/21/%21%22%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F');
    });

    it('uses a custom base with or without trailing slash and normalizes the GTIN', () => {
        assert.equal(toDigitalLink('4006381333931', 'X1', 'https://example.com/dl/'), 'https://example.com/dl/01/04006381333931/21/X1');
        assert.equal(toDigitalLink('4006381333931', 'X1', 'https://example.com'), 'https://example.com/01/04006381333931/21/X1');
    });

    it('round-trips through parseDigitalLink', () => {
        const serial = `A/B%C?"<>&'()*+,:;=_`;
        assert.deepEqual(parseDigitalLink(toDigitalLink('09506000134352', serial, 'https://example.com/p')), { gtin: '09506000134352', serial });
    });

    it('rejects a bad GTIN, serial or base', () => {
        assert.throws(() => toDigitalLink('09506000134353', 'A'), /expected 2/);
        assert.throws(() => toDigitalLink('09506000134352', 'A'.repeat(21)), /21 characters/);
        assert.throws(() => toDigitalLink('09506000134352', 'A', 'https://example.com/?q=1'), /base .* without query or fragment/);
        assert.throws(() => toDigitalLink('09506000134352', 'A', 'example.com'), /must be an http or https URI/);
    });
});
