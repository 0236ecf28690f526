import assert from 'node:assert/strict';
import 'reflect-metadata';
import type { Contract } from 'fabric-contract-api';
import { contracts } from '../index';
import { memberRolesFor, roleMayCall, RULES, TRANSACTIONS } from './rules-table';

/** `contract:function` of every transaction the contracts declare with @Transaction, and whether it submits. */
function declaredTransactions(): Map<string, 'write' | 'read'> {
    return new Map(
        (contracts as (new () => Contract)[]).flatMap((Type) => {
            const name = new Type().getName();
            const declared: { name: string; tag?: string[] }[] = Reflect.getMetadata('fabric:transactions', Type.prototype) ?? [];
            return declared.map((transaction) => [`${name}:${transaction.name}`, transaction.tag?.includes('SUBMIT') ? 'write' : 'read'] as const);
        }),
    );
}

describe('rules table', () => {
    it('has exactly one rule per transaction the contracts declare, of its kind, so none runs unchecked and none is documented that does not exist', () => {
        const declared = declaredTransactions();
        assert.deepEqual([...TRANSACTIONS].sort(), [...declared.keys()].sort());
        for (const name of TRANSACTIONS) {
            assert.equal(RULES[name].kind, declared.get(name), `${name} is declared as a ${declared.get(name)}`);
        }
    });

    it('gives every write a role and a relationship in its own words', () => {
        for (const name of TRANSACTIONS) {
            const rule = RULES[name];
            assert.ok(rule.doc.length > 0, name);
            if (rule.kind === 'write' && name !== 'member:bootstrap') {
                assert.notEqual(rule.roles, 'anyone', `${name} is a write open to anyone`);
            }
        }
    });

    it('answers role questions from the table', () => {
        assert.equal(roleMayCall('retailer', 'product:sell'), true);
        assert.equal(roleMayCall('carrier', 'product:sell'), false);
        assert.equal(roleMayCall('detector', 'telemetry:recordExcursion'), true);
        assert.equal(roleMayCall('carrier', 'telemetry:recordExcursion'), false);
        assert.deepEqual(memberRolesFor('shipment:pickup'), ['carrier']);
        assert.deepEqual(memberRolesFor('query:publicProvenance'), []);
    });
});
