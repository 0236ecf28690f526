import assert from 'node:assert/strict';
import { InvalidIdentifierError } from './invalid-identifier-error';
import { validateSerial } from './serial';

describe('validateSerial', () => {
    it('returns a valid serial unchanged', () => {
        assert.equal(validateSerial('ABC123'), 'ABC123');
        assert.equal(validateSerial('2017'), '2017');
        assert.equal(validateSerial('x'), 'x');
    });

    it('accepts all punctuation of GS1 character set 82', () => {
        assert.equal(validateSerial(`!"%&'()*+,-./:;<=>?_`), `!"%&'()*+,-./:;<=>?_`);
    });

    it('accepts 20 characters and rejects 21', () => {
        assert.equal(validateSerial('A'.repeat(20)), 'A'.repeat(20));
        assert.throws(() => validateSerial('A'.repeat(21)), {
            name: 'InvalidIdentifierError',
            code: 'INVALID_ARGUMENT',
            message: `serial "${'A'.repeat(21)}" has 21 characters, at most 20 are allowed`,
        });
    });

    it('rejects an empty serial', () => {
        assert.throws(() => validateSerial(''), { message: 'serial must not be empty' });
    });

    it('names the first bad character: a space', () => {
        assert.throws(() => validateSerial('AB C'), {
            message: 'serial "AB C" contains " " (U+0020) at position 3, which is not in GS1 character set 82',
        });
    });

    it('names the first bad character: é', () => {
        assert.throws(() => validateSerial('café'), {
            message: 'serial "café" contains "é" (U+00E9) at position 4, which is not in GS1 character set 82',
        });
    });

    it('rejects characters outside set 82 that are printable ASCII', () => {
        for (const char of ['#', '$', '@', '[', '\\', ']', '^', '`', '{', '|', '}', '~']) {
            assert.throws(() => validateSerial(`A${char}`), InvalidIdentifierError, char);
        }
    });

    it('reports a character outside the BMP whole', () => {
        assert.throws(() => validateSerial('A😀'), /"😀" \(U\+1F600\) at position 2/);
    });

    it('keeps messages short for huge input', () => {
        assert.throws(
            () => validateSerial('A'.repeat(100_000)),
            (error: unknown) => error instanceof InvalidIdentifierError && error.message.length < 200,
        );
    });
});
