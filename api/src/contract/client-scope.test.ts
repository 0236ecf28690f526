import assert from 'node:assert/strict';
import { ClientScope, scopeProblem, scopesCover } from './client-scope';

describe('machine client scopes', () => {
    it('cover a transaction by name, its bulk form, its family, or read for reading ones', () => {
        assert.equal(scopesCover(['product:stock'], 'product:stock'), true);
        assert.equal(scopesCover(['product:stock'], 'bulk:stock'), true);
        assert.equal(scopesCover(['product:stock'], 'product:sell'), false);
        assert.equal(scopesCover(['shipment:*'], 'shipment:receive'), true);
        assert.equal(scopesCover(['product:*'], 'bulk:sell'), true);
        assert.equal(scopesCover(['read'], 'product:list'), true);
        assert.equal(scopesCover(['read'], 'product:stock'), false);
        assert.equal(scopesCover([], 'product:list'), false);
    });

    it('are names from the rules table only', () => {
        assert.equal(ClientScope.safeParse('anomaly:recall').success, true);
        assert.equal(ClientScope.safeParse('batch:*').success, true);
        assert.equal(ClientScope.safeParse('product:steal').success, false);
        assert.equal(ClientScope.safeParse('*').success, false);
    });

    it('refuse a scope that gives the role nothing, saying who may', () => {
        assert.equal(scopeProblem('retailer', 'product:stock'), undefined);
        assert.equal(scopeProblem('retailer', 'read'), undefined);
        assert.equal(scopeProblem('carrier', 'anomaly:recall'), 'a carrier may never anomaly:recall (manufacturer only)');
        assert.equal(scopeProblem('auditor', 'excursion:*'), 'an auditor may never excursion:* (manufacturer only)');
        assert.match(scopeProblem('retailer', 'nothing')!, /must be a transaction of the rules table/);
    });
});
