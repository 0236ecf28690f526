import assert from 'node:assert/strict';
import { BulkStepInput } from './bulk-step';
import { Limits } from './limits';

describe('BulkStepInput', () => {
    const problems = (input: unknown) => BulkStepInput.safeParse(input).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);

    it('takes serials or a handling unit, not both and not neither', () => {
        assert.equal(problems({ serials: ['B1.1', 'B1.2'] }), undefined);
        assert.equal(problems({ sscc: '106141411234567897' }), undefined);
        assert.deepEqual(problems({ serials: ['B1.1'], sscc: '106141411234567897' }), ['serials: give either serials or sscc']);
        assert.deepEqual(problems({}), ['serials: give either serials or sscc']);
    });

    it('names the serials listed twice and refuses more than one transaction takes', () => {
        assert.deepEqual(problems({ serials: ['B1.1', 'B1.2', 'B1.1'] }), ['serials: listed twice: B1.1']);
        const tooMany = Array.from({ length: Limits.serialsPerBulkStep + 1 }, (_, i) => `B1.${i}`);
        assert.deepEqual(problems({ serials: tooMany }), [`serials: at most ${Limits.serialsPerBulkStep} serials in one bulk step; send larger sets in several requests`]);
    });
});
