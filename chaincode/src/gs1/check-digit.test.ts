import assert from 'node:assert/strict';
import { gs1CheckDigit, hasValidCheckDigit } from './check-digit';
import { InvalidIdentifierError } from './invalid-identifier-error';

describe('gs1CheckDigit', () => {
    it('computes the check digit of known GS1 keys', () => {
        assert.equal(gs1CheckDigit('0950600013435'), 2);
        assert.equal(gs1CheckDigit('400638133393'), 1);
        assert.equal(gs1CheckDigit('10614141123456789'), 7);
        assert.equal(gs1CheckDigit('37613032110910342'), 0);
    });

    it('is unchanged by leading zeros, so GTIN-13 and its GTIN-14 form agree', () => {
        assert.equal(gs1CheckDigit('0400638133393'), gs1CheckDigit('400638133393'));
    });

    it('rejects non-digits and empty input', () => {
        assert.throws(() => gs1CheckDigit('12a4'), InvalidIdentifierError);
        assert.throws(() => gs1CheckDigit(''), /must be one or more digits/);
    });
});

describe('hasValidCheckDigit', () => {
    it('accepts valid keys and rejects a wrong check digit', () => {
        assert.equal(hasValidCheckDigit('09506000134352'), true);
        assert.equal(hasValidCheckDigit('106141411234567897'), true);
        assert.equal(hasValidCheckDigit('09506000134353'), false);
    });

    it('returns false instead of throwing for input that is not digits', () => {
        assert.equal(hasValidCheckDigit('0950600013435X'), false);
        assert.equal(hasValidCheckDigit('7'), false);
        assert.equal(hasValidCheckDigit(''), false);
    });
});
