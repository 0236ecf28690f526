import assert from 'node:assert/strict';
import { Limits } from '../model/limits';
import { BulkRefusalError, parseBulkRefusal } from './bulk-refusal-error';
import { parseChaincodeError } from './chaincode-error';

describe('BulkRefusalError', () => {
    it('takes the most telling code, lists that refusal first and reads back from its message', () => {
        const error = new BulkRefusalError('stock', 5, [
            { serial: 'B1.1', code: 'CONFLICT', reason: 'product B1.1 is stocked' },
            { serial: 'B1.2', code: 'NOT_FOUND', reason: 'product B1.2 does not exist' },
            { serial: 'B1.3', code: 'FORBIDDEN', reason: 'only the owner may stock product B1.3' },
        ]);
        assert.equal(error.code, 'FORBIDDEN');
        const parsed = parseBulkRefusal(parseChaincodeError(`chaincode response 500, ${error.message}`)!.reason);
        assert.equal(parsed?.summary, 'cannot stock 3 of 5 serials, so none was: B1.3: only the owner may stock product B1.3 (and 2 more)');
        assert.deepEqual(
            parsed?.refusal.refused.map((r) => r.serial),
            ['B1.3', 'B1.2', 'B1.1'],
        );
        assert.deepEqual(parsed?.refusal.counts, { CONFLICT: 1, NOT_FOUND: 1, FORBIDDEN: 1 });
    });

    it('names at most a few refusals, so the message fits in the peers’ error details, and counts the rest', () => {
        const refusals = Array.from({ length: 2000 }, (_, i) => ({
            serial: `B1.${i + 1}`,
            code: 'CONFLICT' as const,
            reason: `product B1.${i + 1} is received; it must be stocked before it can become labeled`,
        }));
        const error = new BulkRefusalError('label', 2000, refusals);
        assert.ok(error.message.length < 2500, `${error.message.length} characters`);
        const { refusal } = parseBulkRefusal(error.reason)!;
        assert.equal(refusal.refused.length, Limits.bulkRefusalsListed);
        assert.deepEqual([refusal.unlisted, refusal.counts], [2000 - Limits.bulkRefusalsListed, { CONFLICT: 2000 }]);
    });

    it('leaves any other refusal alone', () => {
        assert.equal(parseBulkRefusal('product B1.1 does not exist'), undefined);
        assert.equal(parseBulkRefusal('two\nlines'), undefined);
    });
});
