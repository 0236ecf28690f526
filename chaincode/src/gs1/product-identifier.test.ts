import assert from 'node:assert/strict';
import { InvalidIdentifierError } from './invalid-identifier-error';
import { parseSerialReference, referencesProduct } from './product-identifier';

describe('parseSerialReference', () => {
    it('accepts a bare serial', () => {
        assert.deepEqual(parseSerialReference('ABC123'), { serial: 'ABC123' });
        assert.equal('gtin' in parseSerialReference('ABC123'), false);
    });

    it('accepts an SGTIN URN', () => {
        assert.deepEqual(parseSerialReference('urn:epc:id:sgtin:0614141.107346.2017'), { serial: '2017', gtin: '10614141073464' });
    });

    it('accepts a Digital Link URI', () => {
        assert.deepEqual(parseSerialReference('https://id.gs1.org/01/09506000134352/21/ABC123?17=261231'), {
            serial: 'ABC123',
            gtin: '09506000134352',
        });
        assert.deepEqual(parseSerialReference('https://example.com/some/prefix/01/09506000134352/10/LOT1/21/ABC%2F1'), {
            serial: 'ABC/1',
            gtin: '09506000134352',
        });
    });

    it('trims surrounding whitespace', () => {
        assert.deepEqual(parseSerialReference('  ABC123\n'), { serial: 'ABC123' });
        assert.deepEqual(parseSerialReference('\turn:epc:id:sgtin:0614141.107346.2017 '), { serial: '2017', gtin: '10614141073464' });
        assert.deepEqual(parseSerialReference(' https://id.gs1.org/01/09506000134352/21/X '), { serial: 'X', gtin: '09506000134352' });
    });

    it('rejects a Digital Link without a serial or without /01/', () => {
        assert.throws(() => parseSerialReference('https://id.gs1.org/01/09506000134352/10/LOT1'), /has no \/21\/ serial/);
        assert.throws(() => parseSerialReference('https://id.gs1.org/21/ABC123'), /no \/01\/ GTIN path segment/);
    });

    it('rejects EPC URNs that are not SGTINs', () => {
        assert.throws(() => parseSerialReference('urn:epc:id:sscc:0614141.1234567890'), /is an EPC URN but not an SGTIN/);
        assert.throws(() => parseSerialReference('urn:epc:id:sgln:0614141.12345.0'), /not an SGTIN/);
    });

    it('rejects bad bare serials', () => {
        assert.throws(() => parseSerialReference('AB C'), { name: 'InvalidIdentifierError', code: 'INVALID_ARGUMENT' });
        assert.throws(() => parseSerialReference('café'), /"é" \(U\+00E9\)/);
        assert.throws(() => parseSerialReference('A'.repeat(21)), /21 characters/);
        assert.throws(() => parseSerialReference('   '), InvalidIdentifierError);
    });

    it('rejects a bad SGTIN URN', () => {
        assert.throws(() => parseSerialReference('urn:epc:id:sgtin:0614141.10734.2017'), /must be 6 digits/);
    });
});

describe('referencesProduct', () => {
    const product = { serial: 'ABC123', gtin: '09506000134352' };

    it('matches a bare serial, or a serial with the product’s own GTIN', () => {
        assert.equal(referencesProduct({ serial: 'ABC123' }, product), true);
        assert.equal(referencesProduct(parseSerialReference('https://id.gs1.org/01/09506000134352/21/ABC123'), product), true);
        assert.equal(referencesProduct(parseSerialReference('https://id.gs1.org/01/9506000134352/21/ABC123'), product), true, 'GTIN-13 of the same item');
    });

    it('refuses a copied serial under another GTIN, from a Digital Link or an SGTIN', () => {
        assert.equal(referencesProduct(parseSerialReference('https://id.gs1.org/01/04006381333931/21/ABC123'), product), false);
        assert.equal(referencesProduct(parseSerialReference('urn:epc:id:sgtin:0614141.107346.ABC123'), product), false);
        assert.equal(referencesProduct({ serial: 'ABC124', gtin: product.gtin }, product), false);
    });
});
