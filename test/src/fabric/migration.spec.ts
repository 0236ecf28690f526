import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { openLedger } from '@coldtrace/api';
import { fabricGatewayOptions, newFabricGatewayLedger, readFabricNetworkConfig } from '@coldtrace/ledger-client';
import type { MigrationReport } from '@coldtrace/migration';
import { DEFAULT_CONNECTION } from '../harness/fabric-harness';
import { GTIN } from '../harness/supply-chain-world';
import { fillWorkshop, type WorkshopIdsByState } from '../harness/workshop-world';
import { first } from '../harness/elements';

const CLI = resolve(__dirname, '../../../network/migration/dist/cli/main.js');
const PER_STATE = 4;

/** Runs `npm run migrate`'s program; resolves with its exit status and output. */
async function migrateCli(args: string[]): Promise<{ status: number; output: string }> {
    try {
        const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args], { maxBuffer: 16 * 1024 * 1024 });
        return { status: 0, output: stdout };
    } catch (error) {
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        return { status: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
    }
}

/**
 * Migration on the native Fabric network (test/run-fabric.sh runs this file on its own, a `.spec`):
 * the AWS workshop's model (`supplychaincc`, deployed next to coldtrace by network:up) filled with
 * products in every state by two organizations, migrated with `npm run migrate` — interrupted after
 * one page, resumed — into coldtrace on the same network, read through qscc and the Gateway, and
 * verified clean.
 */
describe('migration of the workshop model into coldtrace on Fabric', function () {
    this.timeout(900_000);
    const connection = process.env.COLDTRACE_FABRIC_CONNECTION ?? DEFAULT_CONNECTION;
    const run = Date.now().toString(36);
    const workDir = mkdtempSync(join(tmpdir(), 'coldtrace-fabric-migration-'));
    let byState: WorkshopIdsByState;

    before(async () => {
        const config = readFabricNetworkConfig(connection);
        const { ledger: coldtrace, issuer } = await openLedger({ ledger: 'fabric', dataDir: '', fabricConnection: connection, organizations: [] });
        await coldtrace.close();
        const workshop = newFabricGatewayLedger({ ...fabricGatewayOptions(config), chaincode: 'supplychaincc' });
        const as = { maker: await issuer.issue('ManufacturerMSP', `maker-${run}`), shop: await issuer.issue('RetailerMSP', `shop-${run}`) };
        try {
            byState = await fillWorkshop((who, fn, args) => workshop.submit(as[who], fn, args), `W${run}`, PER_STATE);
        } finally {
            await workshop.close();
        }
    });

    after(() => rmSync(workDir, { recursive: true, force: true }));

    it('reads blocks through qscc and state through the chaincode, stops after one page, resumes, and verifies clean', async () => {
        const reportFile = join(workDir, 'report.json');
        const args = [
            ...['--from', `fabric:${connection}`, '--source-chaincode', 'supplychaincc', '--model', 'workshop', '--source-org', 'ManufacturerMSP'],
            ...['--to', `fabric:${connection}`, '--as', 'ManufacturerMSP', '--gtin', GTIN, '--batch-id', `WS-${run}`, '--source-network', `fabric-workshop-${run}`],
            ...['--checkpoint', join(workDir, 'checkpoint.json'), '--page-size', '10', '--report', reportFile],
        ];
        const stopped = await migrateCli([...args, '--stop-after-pages', '1']);
        assert.equal(stopped.status, 2, stopped.output);
        assert.match(stopped.output, /INTERRUPTED/);

        const resumed = await migrateCli(args);
        assert.equal(resumed.status, 0, resumed.output);
        assert.match(resumed.output, /\[migrate\] resuming: 1 of \d+ pages/);
        assert.match(resumed.output, /CLEAN/);
        const report = JSON.parse(readFileSync(reportFile, 'utf8')) as MigrationReport;
        assert.equal(report.sourceDigest, report.targetDigest);
        assert.deepEqual(report.discrepancies, []);
        // A fresh network (run-fabric.sh brings one up) holds this run's products only.
        assert.deepEqual(report.counts, { batch: { source: 1, target: 1 }, product: { source: 6 * PER_STATE, target: 6 * PER_STATE } });
        console.log(resumed.output);

        const { ledger, issuer } = await openLedger({ ledger: 'fabric', dataDir: '', fabricConnection: connection, organizations: [] });
        try {
            const manufacturer = await issuer.issue('ManufacturerMSP', `reader-${run}`);
            const sold = JSON.parse(Buffer.from(await ledger.evaluate(manufacturer, 'product:get', [first(byState.sold, 'sold workshop products')])).toString('utf8'));
            assert.equal(sold.state, 'sold');
            assert.deepEqual(
                sold.timeline.map((step: { state: string; org: string }) => `${step.state}@${step.org}`),
                ['manufactured@ManufacturerMSP', 'inspected@ManufacturerMSP', 'shipped@ManufacturerMSP', 'stocked@RetailerMSP', 'labeled@RetailerMSP', 'sold@RetailerMSP'],
            );
        } finally {
            await ledger.close();
        }
    });

    it('reads the same source through fabric-network 2.2 (amb:, as on Amazon Managed Blockchain) and verifies the target clean', async () => {
        const verified = await migrateCli([
            ...['--from', `amb:${connection}`, '--source-chaincode', 'supplychaincc', '--model', 'workshop', '--source-org', 'ManufacturerMSP'],
            ...['--to', `fabric:${connection}`, '--as', 'ManufacturerMSP', '--gtin', GTIN, '--batch-id', `WS-${run}`, '--source-network', `fabric-workshop-${run}`],
            ...['--checkpoint', join(workDir, 'checkpoint-amb.json'), '--verify-only'],
        ]);
        assert.equal(verified.status, 0, verified.output);
        assert.match(verified.output, /CLEAN/);
    });
});
