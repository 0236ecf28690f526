import assert from 'node:assert/strict';
import type { LedgerEvent } from '@coldtrace/ledger-client';
import type { Caller } from './harness/ledger-harness';
import { nextEvent, payloadOf } from './harness/next-event';
import { assertRefused, ledgerSuite } from './harness/suite';
import { atLeast, only } from './harness/elements';

const complaint = { reason: 'customer reports a cloudy vial' };
const recall = { recallClass: 'II', instructions: 'Quarantine every unit and return it to the manufacturer' };

ledgerSuite('recall: complaint → hold → investigation → recall of class II → every holder returns or destroys', (ctx) => {
    const refuse = (...args: Parameters<typeof assertRefused> extends [unknown, ...infer R] ? R : never) => assertRefused(ctx, ...args);
    const product = (caller: Caller, serial: string) => ctx.ledger.evaluate(caller, 'product:get', [serial]);

    before(function () {
        if (!ctx.ledger.has('retailer2')) {
            throw new Error(`the ${ctx.ledger.name} ledger has no second retailer: \`npm run test:fabric\` admits it with \`npm run network:add-org\``);
        }
    });

    it('holds every unit of the batch at both retailers, recalls them, and records each return and destruction with who, when and the transaction', async () => {
        // Six units: three go to the retailer, two to the second retailer, one stays at the manufacturer.
        const { batchId, serials } = await ctx.world.inspected(6);
        const [sold, stockedAtFirst, shelvedAtFirst, atSecond, alsoAtSecond, atManufacturer] = serials as [string, string, string, string, string, string];
        await ctx.world.deliveredTo([sold, stockedAtFirst, shelvedAtFirst], 'retailer');
        await ctx.world.deliveredTo([atSecond, alsoAtSecond], 'retailer2');
        for (const step of ['stock', 'label', 'sell']) {
            await ctx.ledger.submit('retailer', `product:${step}`, [sold]);
        }
        await ctx.ledger.submit('retailer', 'product:stock', [stockedAtFirst]);
        await ctx.ledger.submit('retailer2', 'product:stock', [atSecond]);

        // Item 6 of the issue: a retailer reads the batch of the products it holds, without the trace.
        for (const caller of ['retailer', 'retailer2'] as const) {
            assert.equal((await ctx.ledger.evaluate(caller, 'batch:get', [batchId])).batchId, batchId);
        }

        const live: LedgerEvent[] = [];
        const subscription = await ctx.ledger.subscribe('auditor', (event) => live.push(event), await ctx.ledger.height());
        try {
            // The complaint holds the batch at once, and tells every organization that took its goods.
            const anomaly = await ctx.ledger.submit('retailer', 'anomaly:report', [batchId, { ...complaint, serial: sold }]);
            const reported = payloadOf(await nextEvent(live, (e) => e.eventName === 'BatchAnomalyReported' && e.txId === anomaly.txId));
            for (const org of ['ManufacturerMSP', 'CarrierMSP', 'RetailerMSP', 'Retailer2MSP']) {
                assert.ok(reported.parties.includes(org), `${org}, which took the batch's goods, is told of the hold`);
            }
            await refuse(
                'retailer2',
                'product:label',
                [atSecond],
                'CONFLICT',
                new RegExp(`BATCH_ON_HOLD: batch ${batchId} is on hold: anomaly ${anomaly.anomalyId} .*is open; cannot label product ${atSecond}`),
            );
            assert.equal((await product('retailer2', atSecond)).flags.anomaly, true);

            // The manufacturer investigates; the batch stays on hold.
            await refuse('retailer', 'anomaly:investigate', [batchId, anomaly.anomalyId, {}], 'FORBIDDEN', /only a manufacturer may take a reported anomaly/);
            const investigating = await ctx.ledger.submit('manufacturer', 'anomaly:investigate', [batchId, anomaly.anomalyId, { note: 'retained samples sent to the laboratory' }]);
            assert.equal(investigating.state, 'investigating');
            assert.equal(investigating.investigation.org, 'ManufacturerMSP');
            assert.equal(payloadOf(await nextEvent(live, (e) => e.txId === investigating.txId)).ids.anomalyId, anomaly.anomalyId);
            await refuse('retailer2', 'product:label', [atSecond], 'CONFLICT', /BATCH_ON_HOLD: .*is under investigation; cannot label/);
            await refuse(
                'manufacturer',
                'anomaly:investigate',
                [batchId, anomaly.anomalyId, {}],
                'CONFLICT',
                /is investigating; only an anomaly that is open can be taken into investigation/,
            );

            // Refusals of the recall: wrong party, bad class, missing instructions. None changes the ledger.
            const args = [batchId, anomaly.anomalyId, recall];
            await refuse('retailer', 'anomaly:recall', args, 'FORBIDDEN', /only a manufacturer may confirm the recall/);
            await refuse('manufacturer2', 'anomaly:recall', args, 'FORBIDDEN', /only the manufacturer of the batch \(ManufacturerMSP\) may recall/);
            await refuse('manufacturer', 'anomaly:recall', [batchId, anomaly.anomalyId, { ...recall, recallClass: 'IV' }], 'INVALID_ARGUMENT', /recallClass: must be I, II or III/);
            await refuse('manufacturer', 'anomaly:recall', [batchId, anomaly.anomalyId, { recallClass: 'II' }], 'INVALID_ARGUMENT', /instructions/);
            await refuse('manufacturer', 'anomaly:recall', [batchId, anomaly.anomalyId, { ...recall, instructions: ' ' }], 'INVALID_ARGUMENT', /instructions/);

            const recalled = await ctx.ledger.submit('manufacturer', 'anomaly:recall', args);
            assert.equal(recalled.state, 'recalled');
            assert.deepEqual(
                { recallClass: recalled.recall.recallClass, instructions: recalled.recall.instructions, org: recalled.recall.org },
                { ...recall, org: 'ManufacturerMSP' },
            );
            const confirmed = payloadOf(await nextEvent(live, (e) => e.eventName === 'BatchRecallConfirmed' && e.txId === recalled.txId));
            assert.equal(confirmed.recallClass, 'II');
            assert.equal(confirmed.instructions, recall.instructions);
            for (const holder of ['ManufacturerMSP', 'RetailerMSP', 'Retailer2MSP', 'CarrierMSP']) {
                assert.ok(confirmed.parties.includes(holder), `${holder} is told of the recall`);
            }
        } finally {
            subscription.close();
        }

        // Every unit is recalled, derived from the one recall record; the sold one stays sold.
        assert.deepEqual((await product('retailer', sold)).flags.recall, {
            status: 'sold_before_recall',
            recallClass: 'II',
            anomalyId: (await product('retailer', sold)).flags.recall.anomalyId,
        });
        for (const [caller, serial] of [
            ['retailer', stockedAtFirst],
            ['retailer', shelvedAtFirst],
            ['retailer2', atSecond],
            ['retailer2', alsoAtSecond],
            ['manufacturer', atManufacturer],
        ] as const) {
            assert.equal((await product(caller, serial)).flags.recall.status, 'recalled', serial);
        }
        await refuse('retailer', 'product:label', [stockedAtFirst], 'CONFLICT', new RegExp(`BATCH_RECALLED: batch ${batchId} is recalled \\(class II`));
        await refuse(
            'manufacturer',
            'anomaly:clear',
            [batchId, (await product('retailer', sold)).flags.recall.anomalyId, { reason: 'changed our mind' }],
            'CONFLICT',
            /is recalled; only an anomaly that is open or investigating can be cleared/,
        );
        assert.equal((await ctx.ledger.evaluate('retailer', 'query:publicProvenance', [stockedAtFirst])).recalled, true);

        // Refused dispositions: a sold unit, a unit someone else holds, a manufacturer "returning" to itself.
        await refuse('retailer', 'product:return', [sold], 'CONFLICT', /was sold before; a sold unit stays sold/);
        await refuse('retailer2', 'product:return', [stockedAtFirst], 'FORBIDDEN', /only the owner or custodian of the product \(RetailerMSP\) may return/);
        await refuse('carrier', 'product:destroy', [stockedAtFirst], 'FORBIDDEN', /owner or custodian/);
        await refuse('manufacturer', 'product:return', [atManufacturer], 'FORBIDDEN', /only a carrier or retailer may return/);

        // Every holder returns or destroys what it holds.
        const returned = await ctx.ledger.submit('retailer', 'product:return', [stockedAtFirst]);
        assert.deepEqual([returned.state, returned.owner, returned.custodian], ['returned', 'ManufacturerMSP', 'ManufacturerMSP']);
        await ctx.ledger.submit('retailer', 'product:destroy', [shelvedAtFirst]);
        await ctx.ledger.submit('retailer2', 'product:return', [atSecond]);
        await ctx.ledger.submit('retailer2', 'product:destroy', [alsoAtSecond]);
        await ctx.ledger.submit('manufacturer', 'product:destroy', [atManufacturer]);
        await refuse('retailer', 'product:return', [stockedAtFirst], 'FORBIDDEN', /owner or custodian of the product \(ManufacturerMSP\)/);
        await refuse('retailer2', 'product:destroy', [alsoAtSecond], 'CONFLICT', /is destroyed already/);
        // The manufacturer destroys what came back to it.
        await ctx.ledger.submit('manufacturer', 'product:destroy', [stockedAtFirst]);

        const trace = await ctx.ledger.evaluate('retailer', 'query:trace', [stockedAtFirst]);
        const ends = trace.timeline.slice(-2);
        assert.deepEqual(
            ends.map((step: { state: string; org: string }) => [step.state, step.org]),
            [
                ['returned', 'RetailerMSP'],
                ['destroyed', 'ManufacturerMSP'],
            ],
        );
        for (const step of ends) {
            assert.match(step.txId, /^[0-9a-f]{64}$/);
            assert.ok(step.user && !Number.isNaN(Date.parse(step.at)));
        }
        assert.equal(trace.anomalies[0].recall.recallClass, 'II');
        const expected: Record<string, string> = {
            [sold]: 'sold_before_recall',
            [stockedAtFirst]: 'destroyed',
            [shelvedAtFirst]: 'destroyed',
            [atSecond]: 'returned',
            [alsoAtSecond]: 'destroyed',
            [atManufacturer]: 'destroyed',
        };
        for (const [serial, status] of Object.entries(expected)) {
            assert.equal((await product('auditor', serial)).flags.recall.status, status, serial);
        }
        // The impact view agrees: each unit's standing, nothing left on hold once every holder acted.
        const impact = await ctx.ledger.evaluate('manufacturer', 'batch:impact', [batchId, { pageSize: 1000 }]);
        assert.deepEqual(Object.fromEntries(impact.items.map((row: { serial: string; hold: string }) => [row.serial, row.hold])), expected);
        assert.equal(impact.items.filter((row: { hold: string }) => ['held', 'recalled'].includes(row.hold)).length, 0);
        const destroyed = await ctx.ledger.evaluate('auditor', 'product:list', [{ state: 'destroyed', pageSize: 1000 }]);
        assert.ok(serials.filter((s) => expected[s] === 'destroyed').every((s) => destroyed.items.some((p: { serial: string }) => p.serial === s)));
    });

    it('refuses a second recall, and a return or destruction of units nothing recalled', async () => {
        const received = await ctx.world.atRetailer(1, 'received');
        const serial = only(received.serials, 'received units');
        await refuse('retailer', 'product:return', [serial], 'CONFLICT', /is neither recalled nor rejected after an excursion/);
        await refuse('retailer', 'product:destroy', [serial], 'CONFLICT', /is neither recalled nor rejected/);
        const { anomalyId: first } = await ctx.world.recalled(received.batchId, 'I');
        const second = await ctx.ledger.submit('retailer', 'anomaly:report', [received.batchId, complaint]);
        await refuse('manufacturer', 'anomaly:recall', [received.batchId, second.anomalyId, recall], 'CONFLICT', new RegExp(`is recalled already \\(anomaly ${first}\\)`));
        await refuse('manufacturer', 'anomaly:recall', [received.batchId, 'A-NO-SUCH', recall], 'NOT_FOUND', /anomaly A-NO-SUCH of batch/);
        assert.equal((await product('retailer', serial)).flags.recall.recallClass, 'I');
    });

    it('lets the carrier return recalled units in transit; receiving the shipment leaves them returned', async () => {
        const shipment = await ctx.world.shipment(2, 'in_transit');
        await ctx.world.recalled(shipment.batchId);
        const [returnedUnit, keptUnit] = atLeast(shipment.serials, 2, 'units in transit');
        const returned = await ctx.ledger.submit('carrier', 'product:return', [returnedUnit]);
        assert.equal(returned.custodian, 'ManufacturerMSP');
        await ctx.ledger.submit('carrier', 'shipment:deliver', [shipment.shipmentId]);
        await ctx.ledger.submit('retailer', 'shipment:receive', [shipment.shipmentId]);
        assert.equal((await product('auditor', returnedUnit)).state, 'returned');
        assert.equal((await product('retailer', keptUnit)).state, 'received');
        await ctx.ledger.submit('retailer', 'product:destroy', [keptUnit]);
    });
});
