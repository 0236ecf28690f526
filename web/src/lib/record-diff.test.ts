import { describe, expect, it } from 'vitest';
import { diffRecords } from './record-diff';

describe('diffRecords', () => {
    it('lists changed, added and removed fields by dotted path', () => {
        const before = { state: 'placed', stamp: { user: 'a', org: 'X' }, gone: 1, same: [1, 2] };
        const after = { state: 'accepted', stamp: { user: 'b', org: 'X' }, added: true, same: [1, 2] };
        expect(diffRecords(before, after)).toEqual([
            { path: 'added', before: undefined, after: true },
            { path: 'gone', before: 1, after: undefined },
            { path: 'stamp.user', before: 'a', after: 'b' },
            { path: 'state', before: 'placed', after: 'accepted' },
        ]);
    });

    it('shows what a list that grew had appended, and equal records as no change', () => {
        expect(diffRecords({ t: [1] }, { t: [1, 2] })).toEqual([{ path: 't', before: [1], after: [1, 2], appended: [2] }]);
        expect(diffRecords({ t: [1, 3] }, { t: [1, 2, 3] })).toEqual([{ path: 't', before: [1, 3], after: [1, 2, 3] }]);
        expect(diffRecords({ a: { b: 1 } }, { a: { b: 1 } })).toEqual([]);
    });

    it('reports a deleted record as a whole', () => {
        expect(diffRecords({ a: 1 }, undefined)).toEqual([{ path: '(record)', before: { a: 1 }, after: undefined }]);
    });
});
