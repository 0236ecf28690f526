import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type LedgerIdentity, newEmbeddedLedgerBackend } from '@coldtrace/ledger-client';
import { type EmbeddedLedger, openEmbeddedLedger } from '@coldtrace/embedded-ledger';
import { StateDb } from '@coldtrace/embedded-ledger/dist/state/state-db';
import {
    coldtraceModel,
    migrate,
    newEmbeddedSource,
    type MigrationReport,
    type MigrationTarget,
    reportText,
    type SourceLedger,
    workshopModel,
    type WorkshopMapping,
} from '@coldtrace/migration';
import { openEmbeddedHarness } from './harness/embedded-harness';
import type { LedgerHarness } from './harness/ledger-harness';
import { ROLE_ORG } from './harness/ledger-harness';
import { GTIN, SupplyChainWorld } from './harness/supply-chain-world';
import { fillWorkshop, type WorkshopIdsByState } from './harness/workshop-world';
import { entry, first, present } from './harness/elements';

const WORKSHOP_CHAINCODE = dirname(require.resolve('@coldtrace/workshop-chaincode/package.json'));
const MAKER = 'WorkshopMakerMSP';
const SHOP = 'WorkshopShopMSP';
const PER_STATE = 50;

const MAPPING: WorkshopMapping = {
    batchId: 'WS-MIGRATED',
    gtin: GTIN,
    productName: 'Workshop product',
    manufacturer: 'ManufacturerMSP',
    temperatureProfile: { minC: 2, maxC: 8, maxExcursionMinutes: 30 },
};

/** A coldtrace target on an embedded ledger, acting as the harness's identities. */
function targetOf(embedded: EmbeddedLedger, identities: Record<string, LedgerIdentity>, importers: string[]): MigrationTarget {
    return { ledger: newEmbeddedLedgerBackend(embedded), importers, identity: async (org) => entry(identities, org) };
}

function identitiesByOrg(harness: LedgerHarness): Record<string, LedgerIdentity> {
    const byOrg: Record<string, LedgerIdentity> = {};
    for (const caller of ['manufacturer', 'carrier', 'retailer', 'auditor', 'manufacturer2', 'carrier2', 'retailer2'] as const) {
        byOrg[ROLE_ORG[caller]] = harness.identity(caller);
    }
    return byOrg;
}

function assertClean(report: MigrationReport): void {
    assert.ok(report.clean, reportText(report));
    assert.equal(report.sourceDigest, report.targetDigest);
    assert.deepEqual(report.discrepancies, []);
}

describe('migration from the AWS workshop model (supplychaincc) into coldtrace, embedded to embedded', function () {
    this.timeout(600_000);
    const workDir = mkdtempSync(join(tmpdir(), 'coldtrace-migration-'));
    const checkpointPath = join(workDir, 'checkpoint.json');
    let sourceLedger: EmbeddedLedger;
    let source: SourceLedger;
    let target: { harness: LedgerHarness; embedded: EmbeddedLedger; dataDir: string };
    let migrationTarget: MigrationTarget;
    let byState: WorkshopIdsByState;
    const lines: string[] = [];
    const run = (overrides: { checkpointPath?: string; stopAfterPages?: number; verifyOnly?: boolean } = {}) =>
        migrate({
            source,
            model: workshopModel(MAPPING),
            target: migrationTarget,
            sourceNetwork: 'amb-workshop',
            checkpointPath,
            pageSize: 50,
            log: (line) => lines.push(line),
            ...overrides,
        });

    before(async () => {
        sourceLedger = await openEmbeddedLedger({
            dataDir: join(workDir, 'source'),
            chaincodePath: WORKSHOP_CHAINCODE,
            chaincodeName: 'supplychaincc',
            channel: 'workshop',
            organizations: [MAKER, SHOP],
        });
        const as = { maker: await sourceLedger.enroll(MAKER, 'maker-user'), shop: await sourceLedger.enroll(SHOP, 'shop-user') };
        byState = await fillWorkshop((who, fn, args) => sourceLedger.submit(as[who], fn, args), 'WS', PER_STATE);
        source = newEmbeddedSource(sourceLedger, as.maker);
        target = await openEmbeddedHarness();
        migrationTarget = targetOf(target.embedded, identitiesByOrg(target.harness), ['ManufacturerMSP']);
    });

    after(async () => {
        await sourceLedger?.close();
        await target?.embedded.close().catch(() => undefined);
        rmSync(workDir, { recursive: true, force: true });
        if (target) {
            rmSync(target.dataDir, { recursive: true, force: true });
        }
    });

    it('stops after two pages, as an interruption would, and resumes from its checkpoint to a clean report', async () => {
        const stopped = await run({ stopAfterPages: 2 });
        assert.equal(stopped.interrupted, true);
        assert.deepEqual(stopped.pages, { done: 2, total: 7 }, 'one batch page and six pages of 50 products');
        assert.match(reportText(stopped), /INTERRUPTED/);

        const resumed = await run();
        assertClean(resumed);
        assert.equal(resumed.imported, 1 + 6 * PER_STATE);
        assert.deepEqual(resumed.counts, { batch: { source: 1, target: 1 }, product: { source: 6 * PER_STATE, target: 6 * PER_STATE } });
        assert.ok(lines.some((line) => /^resuming: 2 of 7 pages/.test(line)));
        assert.ok(lines.some((line) => /^page 7\/7 as ManufacturerMSP: 50 product records \(50 imported, 0 unchanged, 0 refused\)$/.test(line)));
    });

    it('keeps each step’s time, organization and source transaction on the migrated product', async () => {
        const sold = first(byState.sold, 'sold workshop products');
        const product = await target.harness.evaluate('manufacturer', 'product:get', [sold]);
        assert.equal(product.state, 'sold');
        assert.equal(product.batchId, MAPPING.batchId);
        assert.deepEqual(
            product.timeline.map((step: { state: string; org: string }) => `${step.state}@${step.org}`),
            ['manufactured', 'inspected', 'shipped', 'stocked', 'labeled', 'sold'].map((state, i) => `${state}@${i < 3 ? MAKER : SHOP}`),
        );
        const sourceProduct = JSON.parse(Buffer.from(await sourceLedger.evaluate(await sourceLedger.enroll(SHOP, 'reader'), 'query', [`product_${sold}`])).toString());
        for (const step of product.timeline) {
            assert.equal(step.at, sourceProduct.history[step.state], `${step.state} keeps the time the workshop recorded`);
            assert.match(step.txId, /^[0-9a-f]{64}$/);
        }
        const listed = await target.harness.evaluate('manufacturer', 'batch:listSerials', [MAPPING.batchId, { pageSize: 1000 }]);
        assert.equal(listed.items.length, 6 * PER_STATE, 'the batch lists every migrated serial');
    });

    it('sends every page again with a fresh checkpoint and changes nothing: imports are idempotent', async () => {
        const again = await run({ checkpointPath: join(workDir, 'again.json') });
        assertClean(again);
        assert.equal(again.imported, 0);
        assert.equal(again.unchanged, 1 + 6 * PER_STATE);
    });

    it('names a value changed on the target, and refuses to import over it', async () => {
        const changed = first(byState.manufactured, 'manufactured workshop products');
        await target.harness.submit('manufacturer', 'product:inspect', [changed]);
        const verified = await run();
        assert.equal(verified.clean, false);
        assert.notEqual(verified.sourceDigest, verified.targetDigest);
        assert.deepEqual(
            verified.discrepancies!.map((d) => `${d.kind}: ${d.key}`),
            [`tampered value: product ${changed}`],
        );
        const reimport = await run({ checkpointPath: join(workDir, 'over-tampered.json') });
        const refusal = reimport.discrepancies!.find((d) => d.kind === 'refused');
        assert.equal(refusal?.key, `product ${changed}`);
        assert.match(refusal.detail, /CONFLICT: product .* is on the ledger with other content/);
        assert.equal(reimport.unchanged, 6 * PER_STATE);
    });

    it('names a key deleted from the target’s state and a source key the target lacks', async () => {
        const deleted = first(byState.stocked, 'stocked workshop products');
        await target.embedded.close();
        const state = await StateDb.open(join(target.dataDir, 'state'));
        const batch = state.batch();
        batch.deleteState('coldtrace', `\u0000product\u0000${deleted}\u0000`);
        await batch.write();
        await state.close();
        const reopened = await openEmbeddedLedger({
            dataDir: target.dataDir,
            chaincodePath: dirname(require.resolve('@coldtrace/chaincode/package.json')),
            organizations: Object.values(ROLE_ORG),
        });
        target.embedded = reopened;
        migrationTarget = targetOf(reopened, identitiesByOrg(target.harness), ['ManufacturerMSP']);
        const added = 'WS9999';
        await sourceLedger.submit(await sourceLedger.enroll(MAKER, 'late-maker'), 'createProduct', [added]);

        const verified = await run({ verifyOnly: true });
        const named = verified.discrepancies!.map((d) => `${d.kind}: ${d.key}`).sort();
        const expected = [
            `missing key: product ${added}`,
            `missing key: product ${deleted}`,
            // The batch counts one serial more on the source now, and the product changed on the target before.
            `tampered value: batch ${MAPPING.batchId}`,
            `tampered value: product ${first(byState.manufactured, 'manufactured workshop products')}`,
        ];
        assert.deepEqual(named, expected.sort(), reportText(verified));
        assert.match(reportText(verified), /NOT CLEAN: 4 discrepancies/);
    });
});

describe('migration between coldtrace networks (every record kind, with key history), embedded to embedded', function () {
    this.timeout(600_000);
    const workDir = mkdtempSync(join(tmpdir(), 'coldtrace-migration-'));
    let from: Awaited<ReturnType<typeof openEmbeddedHarness>>;
    let to: Awaited<ReturnType<typeof openEmbeddedHarness>>;
    let world: SupplyChainWorld;
    let labeled: string;

    before(async () => {
        from = await openEmbeddedHarness();
        world = new SupplyChainWorld(from.harness);
        // A realistic world: goods at every stage, a closed excursion with a digest, a recall, an EPCIS anchor, orders with private terms.
        labeled = first((await world.atRetailer(2, 'labeled')).serials, 'labeled units');
        await world.atRetailer(1, 'received');
        const moving = await world.shipment(2, 'in_transit');
        await world.closedExcursion(moving);
        await from.harness.submit('detector', 'telemetry:anchorDigest', [world.digestInput(moving)]);
        await world.shipment(1, 'created');
        await world.recalled((await world.inspected(2)).batchId);
        await from.harness.submit('manufacturer', 'epcis:anchor', [{ captureId: 'migration-world', hashes: [`ni:///sha-256;${'b'.repeat(64)}?ver=CBV2.0`] }]);
        await world.acceptedOrder(5);
        to = await openEmbeddedHarness();
    });

    after(async () => {
        await from?.harness.close();
        await to?.harness.close();
        rmSync(workDir, { recursive: true, force: true });
    });

    it('imports every record kind as the organization party to it, verifies clean, and the target answers the same lists and traces', async () => {
        const source = newEmbeddedSource(from.embedded, from.harness.identity('auditor'));
        const importers = ['ManufacturerMSP', 'CarrierMSP', 'RetailerMSP', 'Manufacturer2MSP', 'Carrier2MSP', 'Retailer2MSP'];
        const report = await migrate({
            source,
            model: coldtraceModel(),
            target: targetOf(to.embedded, identitiesByOrg(to.harness), importers),
            sourceNetwork: 'amb-coldtrace',
            checkpointPath: join(workDir, 'checkpoint.json'),
        });
        assertClean(report);
        const counts = present(report.counts, 'record counts in the report');
        for (const kind of ['batch', 'order', 'handlingUnit', 'shipment', 'product', 'sensorAssignment', 'excursion', 'telemetryDigest', 'batchAnomaly', 'epcisAnchor']) {
            const count = entry(counts, kind);
            assert.ok(count.source > 0 && count.target === count.source, `${kind}: ${JSON.stringify(count)}`);
        }
        assert.ok((report.skipped.member ?? 0) >= 7 && (report.skipped['idx~ index keys'] ?? 0) > 0, JSON.stringify(report.skipped));

        assert.equal(await new SupplyChainWorld(to.harness).snapshot(), await world.snapshot(), 'auditors list the same batches, orders, shipments and products');
        const [sourceTrace, targetTrace] = await Promise.all([
            from.harness.evaluate('retailer', 'query:trace', [labeled]),
            to.harness.evaluate('retailer', 'query:trace', [labeled]),
        ]);
        assert.deepEqual(targetTrace, sourceTrace, 'the retailer traces the labeled product the same on both');
    });
});
