import { PlaceOrderBody } from '@coldtrace/api/contract';
import { describe, expect, it } from 'vitest';
import { splitList, validateBody } from './validate-body';

describe('validateBody', () => {
    it('accepts what the API accepts', () => {
        expect(validateBody(PlaceOrderBody, { gtin: '09506000134352', quantity: 5, manufacturer: 'ManufacturerMSP' }).ok).toBe(true);
    });

    it('names each bad field as the API would', () => {
        const checked = validateBody(PlaceOrderBody, { gtin: '09506000134353', quantity: 0, manufacturer: 'ManufacturerMSP', unitPrice: '3.00' });
        expect(checked.ok).toBe(false);
        if (!checked.ok) {
            expect(checked.error.code).toBe('VALIDATION_FAILED');
            expect(checked.error.fields.map((f) => f.path).sort()).toEqual(expect.arrayContaining(['gtin', 'quantity']));
        }
    });
});

describe('splitList', () => {
    it('splits on lines, commas and blanks', () => {
        expect(splitList(' a,b\n c ;d\n\n')).toEqual(['a', 'b', 'c', 'd']);
    });
});
