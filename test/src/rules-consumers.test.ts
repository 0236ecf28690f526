import assert from 'node:assert/strict';
import { type RouteSpec, routes } from '@coldtrace/api/contract';
import { memberRolesFor, RULES, TRANSACTIONS, type TransactionName } from '@coldtrace/chaincode/model';
import { READ_CASES, WRITE_CASES } from './access-cases';

/** Transactions no user route calls, each for a stated reason; anything else needs a route. */
const WITHOUT_ROUTE: Partial<Record<TransactionName, string>> = {
    'member:bootstrap': 'the server and the harnesses run it once on a fresh ledger',
    'telemetry:recordExcursion': 'the detector service writes it from sensor readings',
    'telemetry:anchorDigest': 'the detector service writes it from sensor readings',
    'epcis:anchor': 'the EPCIS capture interface (POST /epcis/capture, POST /epcis/events) anchors what it stored',
    'epcis:getAnchor': 'GET /epcis/events/{eventID}/verify reads it',
    'migration:import': 'the migration tool (npm run migrate, network/migration) writes it with each importing organization’s identity',
    'migration:records': 'the migration tool reads it for its verification report',
};

const routed = (Object.values(routes) as RouteSpec[]).filter((spec) => spec.transaction);

describe('consumers of the chaincode’s rules table do not drift', () => {
    it('every API route that calls a transaction documents exactly the roles the table lets through', () => {
        for (const spec of routed) {
            assert.deepEqual(spec.roles, memberRolesFor(spec.transaction!), `${spec.method} ${spec.path} (${spec.transaction})`);
        }
    });

    it('every transaction a user may call has a route, and those without one say why', () => {
        const withRoute = new Set(routed.map((spec) => spec.transaction));
        for (const name of TRANSACTIONS) {
            assert.equal(withRoute.has(name), !WITHOUT_ROUTE[name], `${name}: ${WITHOUT_ROUTE[name] ?? 'has no route'}`);
        }
    });

    it('every transaction of the table has a case in the generated access matrix', () => {
        const covered = new Set<string>([...Object.keys(WRITE_CASES), ...Object.keys(READ_CASES), 'member:bootstrap']);
        assert.deepEqual(
            TRANSACTIONS.filter((name) => !covered.has(name)),
            [],
        );
        for (const name of Object.keys(WRITE_CASES) as TransactionName[]) {
            assert.equal(RULES[name].kind, 'write', `${name} is prepared as a write`);
        }
        for (const name of Object.keys(READ_CASES) as TransactionName[]) {
            assert.equal(RULES[name].kind, 'read', `${name} is prepared as a read`);
        }
    });
});
