import assert from 'node:assert/strict';
import { InvalidIdentifierError } from './invalid-identifier-error';
import { makeSscc, validateSscc } from './sscc';

describe('validateSscc', () => {
    it('accepts valid SSCCs', () => {
        assert.equal(validateSscc('106141411234567897'), '106141411234567897');
        assert.equal(validateSscc('376130321109103420'), '376130321109103420');
    });

    it('accepts and drops the (00) AI prefix', () => {
        assert.equal(validateSscc('(00)106141411234567897'), '106141411234567897');
    });

    it('rejects a wrong check digit', () => {
        assert.throws(() => validateSscc('106141411234567890'), {
            name: 'InvalidIdentifierError',
            message: 'SSCC "106141411234567890" has check digit 0, expected 7',
        });
        assert.throws(() => validateSscc('(00)376130321109103421'), /expected 0/);
    });

    it('rejects wrong lengths and letters', () => {
        assert.throws(() => validateSscc('10614141123456789'), /must be 18 digits/);
        assert.throws(() => validateSscc('1061414112345678970'), /must be 18 digits/);
        assert.throws(() => validateSscc('10614141123456789A'), InvalidIdentifierError);
        assert.throws(() => validateSscc(''), InvalidIdentifierError);
    });

    it('rejects all zeros, which passes the check digit but names no logistic unit', () => {
        assert.throws(() => validateSscc('000000000000000000'), { name: 'InvalidIdentifierError', message: /all zeros/ });
        assert.throws(() => validateSscc('(00)000000000000000000'), /all zeros/);
    });

    it('rejects other prefix forms', () => {
        assert.throws(() => validateSscc('00106141411234567897'), /must be 18 digits/);
        assert.throws(() => validateSscc('(01)106141411234567897'), /must be 18 digits/);
        assert.throws(() => validateSscc('urn:epc:id:sscc:0614141.1123456789'), /must be 18 digits/);
    });
});

describe('makeSscc', () => {
    it('builds a known SSCC from its parts', () => {
        assert.equal(makeSscc(1, '0614141', '123456789'), '106141411234567897');
        assert.equal(makeSscc(3, '761303211', '0910342'), '376130321109103420');
    });

    it('pads the serial reference to fill 16 digits after the extension digit', () => {
        const sscc = makeSscc(0, '0614141', '42');
        assert.equal(sscc, '006141410000000425');
        assert.equal(validateSscc(sscc), sscc);
        assert.equal(makeSscc(9, '123456789012', '7').length, 18);
    });

    it('rejects a bad extension digit', () => {
        assert.throws(() => makeSscc(10, '0614141', '1'), /extension digit 10 must be a whole number from 0 to 9/);
        assert.throws(() => makeSscc(-1, '0614141', '1'), InvalidIdentifierError);
        assert.throws(() => makeSscc(1.5, '0614141', '1'), InvalidIdentifierError);
    });

    it('rejects a company prefix outside 6 to 12 digits', () => {
        assert.throws(() => makeSscc(0, '12345', '1'), { message: 'GS1 company prefix "12345" must be 6 to 12 digits' });
        assert.throws(() => makeSscc(0, '1234567890123', '1'), /6 to 12 digits/);
        assert.throws(() => makeSscc(0, '06141A1', '1'), /6 to 12 digits/);
    });

    it('rejects a serial reference that is too long, empty, or not digits', () => {
        assert.throws(() => makeSscc(0, '0614141', '1234567890'), /must be 1 to 9 digits with a 7-digit company prefix/);
        assert.throws(() => makeSscc(0, '0614141', ''), /must be 1 to 9 digits/);
        assert.throws(() => makeSscc(0, '0614141', '12x'), /must be 1 to 9 digits/);
    });
});
