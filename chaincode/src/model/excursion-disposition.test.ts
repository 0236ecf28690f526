import assert from 'node:assert/strict';
import { ExcursionDispositionInput, excursionHold } from './excursion-disposition';

describe('excursion disposition', () => {
    const decided = (decision: 'released' | 'rejected') => ({ decision, justification: 'stability data', org: 'M', user: 'qa', at: '2026-01-01T00:00:00.000Z', txId: 't' });

    it('holds the units of a closed excursion until released or rejected, and none of an open one', () => {
        assert.equal(excursionHold({ status: 'open' }), undefined);
        assert.equal(excursionHold({ status: 'closed' }), 'on_hold');
        assert.equal(excursionHold({ status: 'closed', disposition: decided('released') }), 'released');
        assert.equal(excursionHold({ status: 'closed', disposition: decided('rejected') }), 'rejected');
    });

    it('asks for a justification and takes a document only as a SHA-256 hex digest', () => {
        assert.equal(ExcursionDispositionInput.safeParse({ justification: 'study S-12', documentSha256: 'a'.repeat(64) }).success, true);
        assert.equal(ExcursionDispositionInput.safeParse({ documentSha256: 'a'.repeat(64) }).success, false);
        assert.equal(ExcursionDispositionInput.safeParse({ justification: 'study S-12', documentSha256: 'A'.repeat(64) }).success, false);
    });
});
