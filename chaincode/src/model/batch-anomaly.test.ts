import assert from 'node:assert/strict';
import { anomalyState, ClearAnomalyInput, holdsBatch } from './batch-anomaly';

describe('batch anomaly states', () => {
    it('reads an anomaly written before states existed as open, and open as holding its batch', () => {
        assert.equal(anomalyState({}), 'open');
        assert.equal(holdsBatch({}), true);
        assert.equal(holdsBatch({ state: 'open' }), true);
        assert.equal(holdsBatch({ state: 'cleared' }), false);
    });

    it('asks a clearance for a reason', () => {
        assert.equal(ClearAnomalyInput.safeParse({ reason: '  samples tested clear ' }).data?.reason, 'samples tested clear');
        assert.equal(ClearAnomalyInput.safeParse({}).success, false);
        assert.equal(ClearAnomalyInput.safeParse({ reason: 'samples tested clear', by: 'someone' }).success, false);
    });
});
