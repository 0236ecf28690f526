import assert from 'node:assert/strict';
import { LedgerError } from '@coldtrace/ledger-client';
import { RELATIONSHIPS, roleMayCall, RULES, type TransactionName } from '@coldtrace/chaincode/model';
import { READ_CASES, WRITE_CASES } from './access-cases';
import type { Caller, LedgerHarness } from './harness/ledger-harness';
import { ROLE_ORG, ROLES, roleOf, STRANGERS } from './harness/ledger-harness';
import { assertRefused, ledgerSuite } from './harness/suite';
import type { ShipmentFixture } from './harness/supply-chain-world';

/**
 * The access matrix, generated from the chaincode's rules table: every transaction × every role,
 * related to the record (the first organization of each role is party to what the case prepares).
 * A role the table lets through succeeds; any other is refused with FORBIDDEN and the ledger stays
 * as it was. The unrelated half (a second organization in the same role) is in the suite below.
 */
const WRITES = Object.keys(WRITE_CASES) as (keyof typeof WRITE_CASES)[];
const READS = Object.keys(READ_CASES) as (keyof typeof READ_CASES)[];

/** The caller's read is refused as FORBIDDEN. */
async function assertReadRefused(ledger: LedgerHarness, caller: Caller, fn: string, args: unknown[]): Promise<void> {
    await assert.rejects(ledger.evaluate(caller, fn, args), (error: unknown) => error instanceof LedgerError && error.code === 'FORBIDDEN', `${caller} ${fn} should be FORBIDDEN`);
}

ledgerSuite('access matrix from the rules table: every transaction × every role, related', (ctx) => {
    for (const fn of WRITES) {
        describe(`${fn} (${describeRule(fn)})`, () => {
            for (const role of ROLES) {
                const allowed = roleMayCall(role, fn);
                it(`${allowed ? 'allows' : 'refuses'} ${role}`, async () => {
                    const { args, transient } = await WRITE_CASES[fn].prepare(ctx.world, ctx.ledger, role);
                    if (allowed) {
                        await ctx.ledger.submit(role, fn, args, transient);
                    } else {
                        const refusal = await assertRefused(ctx, role, fn, args, 'FORBIDDEN', undefined, transient);
                        assert.match(refusal.message, / may /);
                    }
                });
            }
        });
    }

    describe('reads of a received shipment’s records, which every role is party to', () => {
        let record: ShipmentFixture;
        before(async () => {
            record = await ctx.world.atRetailer(1, 'received');
        });
        for (const fn of READS) {
            for (const role of ROLES) {
                const allowed = roleMayCall(role, fn);
                it(`${fn}: ${allowed ? 'lets' : 'refuses'} ${role}`, async () => {
                    const args = READ_CASES[fn].args(record);
                    if (allowed) {
                        await ctx.ledger.evaluate(role, fn, args);
                    } else {
                        await assertReadRefused(ctx.ledger, role, fn, args);
                    }
                });
            }
        }
    });

    it('closes member:bootstrap once the consortium has members, for every role', async () => {
        const founders = [{ mspId: 'ManufacturerMSP', roles: ['manufacturer'], displayName: 'Again' }];
        for (const role of ROLES) {
            await assertRefused(ctx, role, 'member:bootstrap', [founders], 'CONFLICT', /has members already/);
        }
    });

    describe('rights from the relationship to the batch', () => {
        const complaint = { reason: 'customer complaint: vial discoloured' };

        it('refuses a retailer that never held a serial of the batch: no anomaly, no serials, no batch', async () => {
            const stranger = await ctx.world.shipment(1, 'in_transit');
            const refusal = await assertRefused(ctx, 'retailer', 'anomaly:report', [stranger.batchId, complaint], 'FORBIDDEN', /holds or held one of its serials may report/);
            assert.match(refusal.message, /RetailerMSP never did/);
            for (const [fn, args] of [
                ['batch:listSerials', [stranger.batchId, {}]],
                ['batch:get', [stranger.batchId]],
            ] as const) {
                await assert.rejects(ctx.ledger.evaluate('retailer', fn, [...args]), /FORBIDDEN: batch .* is not visible to RetailerMSP/);
            }
            const product = await ctx.ledger.evaluate('auditor', 'product:get', [stranger.serials[0]]);
            assert.equal(product.flags.anomaly, false, 'the refused report left no anomaly behind');
        });

        it('lets a retailer that received serials of the batch list them, read it and report on it', async () => {
            const received = await ctx.world.atRetailer(2, 'received');
            const serials = await ctx.ledger.evaluate('retailer', 'batch:listSerials', [received.batchId, {}]);
            assert.deepEqual([...serials.items].sort(), [...received.serials].sort());
            assert.equal((await ctx.ledger.evaluate('retailer', 'batch:get', [received.batchId])).batchId, received.batchId);
            const anomaly = await ctx.ledger.submit('retailer', 'anomaly:report', [received.batchId, complaint]);
            assert.equal(anomaly.reporter, 'RetailerMSP');
        });

        it('lets the manufacturer and the auditor read, and a carrier only once it carried the batch', async () => {
            const shipment = await ctx.world.shipment(1, 'created');
            for (const role of ['manufacturer', 'auditor'] as const) {
                assert.deepEqual((await ctx.ledger.evaluate(role, 'batch:listSerials', [shipment.batchId, {}])).items, shipment.serials);
            }
            await assert.rejects(ctx.ledger.evaluate('carrier', 'batch:listSerials', [shipment.batchId, {}]), /FORBIDDEN/);
            await ctx.ledger.submit('carrier', 'shipment:pickup', [shipment.shipmentId]);
            assert.deepEqual((await ctx.ledger.evaluate('carrier', 'batch:listSerials', [shipment.batchId, {}])).items, shipment.serials);
            await assertRefused(ctx, 'auditor', 'anomaly:report', [shipment.batchId, complaint], 'FORBIDDEN', /only a manufacturer, carrier or retailer may report an anomaly/);
        });

        it('refuses a complaint naming a serial the caller was never party to', async () => {
            const batch = await ctx.world.batch(1);
            await assertRefused(ctx, 'retailer', 'anomaly:report', [batch.batchId, { ...complaint, serial: batch.serials[0] }], 'FORBIDDEN');
            const other = await ctx.world.atRetailer(1, 'received');
            await assertRefused(ctx, 'retailer', 'anomaly:report', [other.batchId, { ...complaint, serial: batch.serials[0] }], 'INVALID_ARGUMENT', /belongs to batch/);
        });
    });

    it('auditors read every record but parties only their own', async () => {
        const shipment = await ctx.world.shipment(1, 'in_transit');
        for (const role of ['manufacturer', 'carrier', 'retailer', 'auditor'] as const) {
            const trace = await ctx.ledger.evaluate(role, 'query:trace', [shipment.serials[0]]);
            assert.equal(trace.product.serial, shipment.serials[0]);
        }
        const stranger = await ctx.world.batch(1);
        for (const role of ['carrier', 'retailer'] as const) {
            await assert.rejects(ctx.ledger.evaluate(role, 'query:trace', [stranger.serials[0]]), /FORBIDDEN/);
            await assert.rejects(ctx.ledger.evaluate(role, 'batch:get', [stranger.batchId]), /FORBIDDEN/);
        }
        await assert.rejects(ctx.ledger.evaluate('manufacturer', 'query:history', ['product', stranger.serials[0]]), /FORBIDDEN: only an auditor may read the key history/);
        const carrierList = await ctx.ledger.evaluate('carrier', 'shipment:list', [{ state: 'in_transit' }]);
        assert.ok(carrierList.items.some((s: { shipmentId: string }) => s.shipmentId === shipment.shipmentId));
        const byParty = await ctx.ledger.evaluate('auditor', 'shipment:list', [{ party: 'CarrierMSP', state: 'in_transit' }]);
        assert.ok(byParty.items.some((s: { shipmentId: string }) => s.shipmentId === shipment.shipmentId));
        await assert.rejects(ctx.ledger.evaluate('retailer', 'shipment:list', [{ party: 'CarrierMSP' }]), /FORBIDDEN: only an auditor may list/);
        const retailerProducts = await ctx.ledger.evaluate('retailer', 'product:list', [{}]);
        assert.ok(!retailerProducts.items.some((p: { serial: string }) => p.serial === stranger.serials[0]));
    });
});

/**
 * The unrelated half of the matrix: a second organization in each role the table lets through — an
 * active member, right role, but not the party the transaction's relationship asks for — is refused
 * with FORBIDDEN and changes nothing. It needs a second organization per role: the embedded ledger has
 * a second manufacturer, carrier and retailer; the Fabric network of `npm run test:fabric` the second
 * manufacturer, retailer and carrier that `network:add-org` admitted. A ledger without them fails here.
 */
ledgerSuite('access matrix from the rules table: every transaction × every role, unrelated (a second organization per role)', (ctx) => {
    for (const fn of WRITES) {
        const strangers = unrelatedCallers(fn);
        for (const stranger of strangers) {
            it(`${fn}: refuses ${stranger}, not the ${RELATIONSHIPS[RULES[fn].relationship]}`, async () => {
                requireStranger(ctx.ledger, stranger);
                const { args, transient } = await WRITE_CASES[fn].prepare(ctx.world, ctx.ledger, roleOf(stranger));
                await assertRefused(ctx, stranger, fn, args, 'FORBIDDEN', / may /, transient);
            });
        }
    }

    describe('reads', () => {
        let record: ShipmentFixture;
        before(async () => {
            record = await ctx.world.atRetailer(1, 'received');
        });
        for (const fn of READS) {
            for (const stranger of unrelatedCallers(fn)) {
                const lists = READ_CASES[fn].lists;
                it(`${fn}: ${lists ? 'does not list' : 'refuses'} for ${stranger}`, async () => {
                    requireStranger(ctx.ledger, stranger);
                    const args = READ_CASES[fn].args(record);
                    if (lists) {
                        assert.equal(lists(await ctx.ledger.evaluate(stranger, fn, args), record), false);
                    } else {
                        await assertReadRefused(ctx.ledger, stranger, fn, args);
                    }
                });
            }
        }
    });

    it('lets every member, stranger or not, read the member directory', async () => {
        for (const caller of STRANGERS.filter((stranger) => ctx.ledger.has(stranger))) {
            const members: { mspId: string }[] = await ctx.ledger.evaluate(caller, 'member:list', []);
            assert.ok(members.some((member) => member.mspId === 'Retailer2MSP'));
        }
    });
});

/** Fails, saying how to get one, on a ledger without the stranger's organization. */
function requireStranger(ledger: LedgerHarness, stranger: Caller): void {
    if (!ledger.has(stranger)) {
        throw new Error(`the ${ledger.name} ledger has no ${ROLE_ORG[stranger]}: \`npm run test:fabric\` admits the second organizations with \`npm run network:add-org\``);
    }
}

/** The strangers whose role passes the transaction's role gate: those its relationship must refuse. */
function unrelatedCallers(fn: TransactionName): Caller[] {
    if (RULES[fn].relationship === 'none') {
        return [];
    }
    return STRANGERS.filter((stranger) => roleMayCall(roleOf(stranger), fn));
}

function describeRule(fn: TransactionName): string {
    const rule = RULES[fn];
    return `${rule.roles === 'anyone' ? 'anyone' : rule.roles.join(' | ')}; ${RELATIONSHIPS[rule.relationship]}`;
}
