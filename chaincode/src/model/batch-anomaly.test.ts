import assert from 'node:assert/strict';
import { anomalyState, ClearAnomalyInput, holdsBatch, isUndecided, RecallInput, recallOf } from './batch-anomaly';

describe('batch anomaly states', () => {
    it('reads an anomaly written before states existed as open, and open as holding its batch', () => {
        assert.equal(anomalyState({}), 'open');
        assert.equal(holdsBatch({}), true);
        assert.equal(holdsBatch({ state: 'open' }), true);
        assert.equal(holdsBatch({ state: 'cleared' }), false);
    });

    it('holds the batch while reported, investigated or recalled; only the first two wait for a decision', () => {
        assert.deepEqual(
            (['open', 'investigating', 'cleared', 'recalled'] as const).map((state) => [holdsBatch({ state }), isUndecided({ state })]),
            [
                [true, true],
                [true, true],
                [false, false],
                [true, false],
            ],
        );
        assert.equal(recallOf([{ state: 'cleared' }, { state: 'recalled' }])?.state, 'recalled');
        assert.equal(recallOf([{ state: 'open' }]), undefined);
    });

    it('asks a clearance for a reason', () => {
        assert.equal(ClearAnomalyInput.safeParse({ reason: '  samples tested clear ' }).data?.reason, 'samples tested clear');
        assert.equal(ClearAnomalyInput.safeParse({}).success, false);
        assert.equal(ClearAnomalyInput.safeParse({ reason: 'samples tested clear', by: 'someone' }).success, false);
    });

    it('asks a recall for an FDA class and instructions', () => {
        assert.equal(RecallInput.safeParse({ recallClass: 'III', instructions: 'return to the pharmacy' }).success, true);
        assert.equal(RecallInput.safeParse({ recallClass: 'IV', instructions: 'return to the pharmacy' }).error?.issues[0]?.message, 'must be I, II or III');
        assert.equal(RecallInput.safeParse({ recallClass: 'II' }).success, false);
    });
});
