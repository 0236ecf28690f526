import assert from 'node:assert/strict';
import { ledgerSuite, assertRefused } from './harness/suite';
import { GTIN, uniqueId } from './harness/supply-chain-world';

const STEP = { sourceTxId: 'a'.repeat(64), sourceTime: '2025-03-01T09:00:00.000Z', sourceMsp: 'WorkshopMakerMSP' };
const ACTOR = { org: 'WorkshopMakerMSP', user: 'maker' };

/** A migrated batch of the first manufacturer, as the workshop mapping makes one. */
function batchRecord(batchId: string, serialCount = 1) {
    const value = {
        docType: 'batch',
        batchId,
        gtin: GTIN,
        productName: 'Migrated',
        manufacturer: 'ManufacturerMSP',
        serialCount,
        state: 'commissioned',
        expectedSerials: serialCount,
        temperatureProfile: { minC: 2, maxC: 8, maxExcursionMinutes: 30 },
        parties: ['ManufacturerMSP'],
        created: { state: 'created', at: STEP.sourceTime, ...ACTOR, txId: STEP.sourceTxId },
        updatedBy: ACTOR,
        updatedAt: STEP.sourceTime,
        txId: STEP.sourceTxId,
    };
    return { kind: 'batch', ids: [batchId], value, provenance: STEP, history: [STEP] };
}

function productRecord(serial: string, batchId: string) {
    const value = {
        docType: 'product',
        serial,
        gtin: GTIN,
        batchId,
        state: 'manufactured',
        owner: 'ManufacturerMSP',
        custodian: 'ManufacturerMSP',
        shipments: [],
        parties: ['ManufacturerMSP'],
        timeline: [{ state: 'manufactured', at: STEP.sourceTime, ...ACTOR, txId: STEP.sourceTxId }],
        updatedBy: ACTOR,
        updatedAt: STEP.sourceTime,
        txId: STEP.sourceTxId,
    };
    return { kind: 'product', ids: [serial], value, provenance: STEP, history: [STEP] };
}

const page = (...records: unknown[]) => ({ sourceNetwork: 'import-suite', records });

ledgerSuite('migration:import: the chaincode’s rules for records of another ledger', (ctx) => {
    it('imports a batch and its product with their provenance, and the same page again changes nothing', async () => {
        const batchId = uniqueId('MIG-');
        assert.deepEqual(await ctx.ledger.submit('manufacturer', 'migration:import', [page(batchRecord(batchId))]), { imported: 1, unchanged: 0 });
        const serial = uniqueId('M');
        assert.deepEqual(await ctx.ledger.submit('manufacturer', 'migration:import', [page(productRecord(serial, batchId))]), { imported: 1, unchanged: 0 });
        assert.deepEqual(await ctx.ledger.submit('manufacturer', 'migration:import', [page(productRecord(serial, batchId))]), { imported: 0, unchanged: 1 });
        const product = await ctx.ledger.evaluate('manufacturer', 'product:get', [serial]);
        assert.equal(product.timeline[0].org, 'WorkshopMakerMSP');
        const records = await ctx.ledger.evaluate('manufacturer', 'migration:records', [{ sourceNetwork: 'import-suite', pageSize: 1000 }]);
        const imported = records.items.find((item: { ids: string[] }) => item.ids[0] === serial);
        assert.deepEqual(imported.imported.provenance, STEP);
        assert.equal(imported.imported.importedBy.org, 'ManufacturerMSP');
    });

    it('refuses other content under a key already imported, naming the key, and changes nothing', async () => {
        const batchId = uniqueId('MIG-');
        await ctx.ledger.submit('manufacturer', 'migration:import', [page(batchRecord(batchId))]);
        await assertRefused(
            ctx,
            'manufacturer',
            'migration:import',
            [page(batchRecord(batchId, 2))],
            'CONFLICT',
            new RegExp(`batch ${batchId} is on the ledger with other content`),
        );
    });

    it('refuses a key coldtrace wrote itself, and a product of a range it numbered itself', async () => {
        const { batchId, serials } = await ctx.world.batch(1);
        await assertRefused(ctx, 'manufacturer', 'migration:import', [page(batchRecord(batchId))], 'CONFLICT', /is on the ledger with other content/);
        // Its serial has no key before its first step, yet it is coldtrace's own product.
        await assertRefused(ctx, 'manufacturer', 'migration:import', [page(productRecord(String(serials[0]), batchId))], 'CONFLICT', /numbered on this ledger by batch/);
    });

    it('refuses a product before its batch, a record under another key, and records of another manufacturer’s goods', async () => {
        await assertRefused(ctx, 'manufacturer', 'migration:import', [page(productRecord(uniqueId('M'), uniqueId('NOBATCH-')))], 'NOT_FOUND', /import batch .* first/);
        const misplaced = { ...batchRecord(uniqueId('MIG-')), ids: [uniqueId('OTHER-')] };
        await assertRefused(ctx, 'manufacturer', 'migration:import', [page(misplaced)], 'INVALID_ARGUMENT', /the value's own ids are/);
        const others = batchRecord(uniqueId('MIG-'));
        others.value.manufacturer = 'SomeoneElseMSP';
        others.value.parties = ['SomeoneElseMSP'];
        await assertRefused(ctx, 'manufacturer', 'migration:import', [page(others)], 'FORBIDDEN', /may import batch .*; caller is ManufacturerMSP/);
        await assertRefused(ctx, 'manufacturer', 'migration:import', [{ sourceNetwork: 'import-suite', records: [] }], 'INVALID_ARGUMENT', /records/);
    });
});
