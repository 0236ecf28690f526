import assert from 'node:assert/strict';
import { isGtin, normalizeGtin } from './gtin';
import { InvalidIdentifierError } from './invalid-identifier-error';

describe('normalizeGtin', () => {
    it('returns a valid GTIN-14 unchanged', () => {
        assert.equal(normalizeGtin('09506000134352'), '09506000134352');
    });

    it('left-pads GTIN-13, GTIN-12 and GTIN-8 to 14 digits', () => {
        assert.equal(normalizeGtin('4006381333931'), '04006381333931');
        assert.equal(normalizeGtin('9506000134352'), '09506000134352');
        assert.equal(normalizeGtin('614141000036'), '00614141000036');
        assert.equal(normalizeGtin('96385074'), '00000096385074');
    });

    it('rejects a wrong check digit, naming the expected one', () => {
        assert.throws(() => normalizeGtin('09506000134353'), {
            name: 'InvalidIdentifierError',
            code: 'INVALID_ARGUMENT',
            message: 'GTIN "09506000134353" has check digit 3, expected 2',
        });
        assert.throws(() => normalizeGtin('4006381333932'), /expected 1/);
    });

    it('rejects letters', () => {
        assert.throws(() => normalizeGtin('0950600013435A'), { message: 'GTIN "0950600013435A" must contain only digits' });
        assert.throws(() => normalizeGtin(' 4006381333931'), /must contain only digits/);
    });

    it('rejects lengths other than 8, 12, 13 and 14', () => {
        assert.throws(() => normalizeGtin('12345'), { message: 'GTIN "12345" must have 8, 12, 13 or 14 digits' });
        assert.throws(() => normalizeGtin(''), InvalidIdentifierError);
        assert.throws(() => normalizeGtin('0012345678905'.padStart(15, '0')), /8, 12, 13 or 14 digits/);
        assert.throws(() => normalizeGtin('1234567890'), /8, 12, 13 or 14 digits/);
    });

    it('rejects all zeros, which passes the check digit but names no trade item', () => {
        assert.throws(() => normalizeGtin('00000000000000'), { code: 'INVALID_ARGUMENT', message: 'GTIN "00000000000000" is all zeros, which names no trade item' });
        assert.throws(() => normalizeGtin('00000000'), /all zeros/);
        assert.equal(normalizeGtin('00000000000017'), '00000000000017');
    });

    it('throws an Error subclass', () => {
        assert.throws(
            () => normalizeGtin('1'),
            (error: unknown) => error instanceof InvalidIdentifierError && error instanceof Error,
        );
    });
});

describe('isGtin', () => {
    it('accepts valid GTINs of every length', () => {
        assert.equal(isGtin('09506000134352'), true);
        assert.equal(isGtin('4006381333931'), true);
        assert.equal(isGtin('96385074'), true);
    });

    it('rejects bad input without throwing', () => {
        assert.equal(isGtin('09506000134353'), false);
        assert.equal(isGtin('12345'), false);
        assert.equal(isGtin('0950600013435A'), false);
        assert.equal(isGtin(''), false);
        assert.equal(isGtin('00000000000000'), false);
    });
});
