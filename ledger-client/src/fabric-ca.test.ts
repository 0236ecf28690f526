import assert from 'node:assert/strict';
import { enrollmentIdOf } from './fabric-ca';

describe('enrollmentIdOf', () => {
    it("keeps a username and escapes the ':' of a machine client, which basic authentication would split at", () => {
        assert.equal(enrollmentIdOf('rita.retail'), 'rita.retail');
        assert.equal(enrollmentIdOf('client:erp-7'), 'client%3Aerp-7');
        assert.equal(enrollmentIdOf('100%:x'), '100%25%3Ax', 'a literal % is escaped too, so no two labels meet');
    });
});
