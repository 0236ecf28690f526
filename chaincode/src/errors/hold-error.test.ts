import assert from 'node:assert/strict';
import { parseChaincodeError } from './chaincode-error';
import { HoldError, holdCodeOf } from './hold-error';

describe('hold refusals', () => {
    it('are conflicts whose reason starts with the hold code', () => {
        const error = new HoldError('BATCH_RECALLED', 'batch B1 is recalled (class II); cannot sell product B1.1');
        assert.equal(error.code, 'CONFLICT');
        const parsed = parseChaincodeError(error.message)!;
        assert.equal(holdCodeOf(parsed.reason), 'BATCH_RECALLED');
        assert.equal(holdCodeOf('product B1.1 is sold'), undefined);
    });
});
