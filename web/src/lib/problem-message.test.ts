import { ApiProblemError } from '@coldtrace/api/contract';
import { describe, expect, it } from 'vitest';
import { describeError } from './problem-message';

describe('describeError', () => {
    it('keeps the API problem’s code, status, detail and field errors', () => {
        const error = new ApiProblemError({
            type: 'urn:coldtrace:problem:validation-failed',
            title: 'Validation failed',
            status: 400,
            code: 'VALIDATION_FAILED',
            detail: 'body.quantity: too small',
            errors: [{ location: 'body', path: 'quantity', message: 'too small' }],
        });
        expect(describeError(error)).toEqual({ code: 'VALIDATION_FAILED', status: 400, detail: 'body.quantity: too small', fields: [{ path: 'quantity', message: 'too small' }] });
    });

    it('keeps the serials a bulk step refused, and how many more', () => {
        const refused = [{ serial: 'B1.7', code: 'CONFLICT', reason: 'product B1.7 is sold' }];
        const error = new ApiProblemError({ type: 'x', title: 'Conflict', status: 409, code: 'CONFLICT', detail: 'cannot sell 3 of 9 serials', refused, unlisted: 2 });
        expect(describeError(error)).toMatchObject({ code: 'CONFLICT', refused, unlisted: 2 });
    });

    it('calls a failed fetch a network problem and anything else internal, never empty', () => {
        expect(describeError(new TypeError('Failed to fetch')).code).toBe('NETWORK');
        expect(describeError(new Error('boom'))).toEqual({ code: 'INTERNAL', detail: 'boom', fields: [] });
        expect(describeError('odd').detail).toBe('odd');
    });
});
