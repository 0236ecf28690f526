import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_BASE, type ColdtraceClient } from '@coldtrace/api/contract';
import { Limits } from '@coldtrace/chaincode/model';
import { type BenchServer, startBenchServer } from './bench-server';
import { sampleProcess } from './process-usage';
import { formatShares, type ProfileWindow, readCpuProfile, summarizeCpuProfile } from './cpu-profile';
import type { ResultTable } from './result-table';
import { elementAt } from './element-at';

const GTIN = '09506000134352';
/** The serials stocked in bulk. */
const BULK = 10_000;
/** The serials stocked one request each, to set the per-serial figure beside it. */
const ONE_BY_ONE = 200;
/** Serials a run commissions: the sequential bulk steps, the same number sent side by side, the per-serial sample. */
const COMMISSIONED = 2 * BULK + ONE_BY_ONE;

/**
 * Stocking 10,000 received serials at a retailer in bulk (`POST /products/bulk/stock`, one
 * transaction per 2,000-serial handling unit) next to stocking them one request each (200 measured,
 * the mean times 10,000), and reading the batch's impact: JSON with totals, and the CSV of every unit.
 * The goods arrive as shipments of one 2,000-serial unit each, so every transaction, receiving
 * included, stays within a Fabric block. The goal's figure sends the units one after another; a
 * second 10,000 serials are stocked with their units sent side by side, as a retailer's clerks
 * clicking several received units' "stock" actions at once would, and reported as such. With
 * `profile`, the server runs under `--cpu-prof` and the notes say where its CPU time went while it
 * stocked in bulk one unit after another.
 *
 * @example
 * const table = await bulkSteps('embedded', console.log);
 */
export async function bulkSteps(ledger: 'embedded' | 'fabric', progress: (line: string) => void, options: { profile?: boolean } = {}): Promise<ResultTable> {
    const profileDir = options.profile ? mkdtempSync(join(tmpdir(), 'coldtrace-bulk-profile-')) : undefined;
    const bench = await startBenchServer(ledger, profileDir ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profileDir] } : {});
    let window: ProfileWindow | undefined;
    let table: ResultTable;
    try {
        const [retailer, carrier] = await Promise.all([bench.signIn('retailer'), bench.signIn('carrier')]);
        progress(`bulk: commissioning ${COMMISSIONED} serials`);
        const { batchId, serials } = await bench.manufacturer.call('createBatch', {
            body: { gtin: GTIN, productName: 'Bench vaccine', quantity: COMMISSIONED, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 },
        });
        const units: string[] = [];
        for (let at = 0; at < serials.length; at += Limits.serialsPerBulkStep) {
            progress(`bulk: shipping serials ${at + 1}… to the retailer`);
            units.push(await receivedUnit(bench, retailer.client, carrier.client, serials.slice(at, at + Limits.serialsPerBulkStep)));
        }
        // The last unit is the per-serial sample.
        const perRun = BULK / Limits.serialsPerBulkStep;
        const bulkUnits = units.slice(0, perRun);
        const sideBySideUnits = units.slice(perRun, 2 * perRun);

        progress('bulk: stocking 10,000 serials in bulk');
        const serverPid = bench.server.child.pid!;
        const cpuBefore = sampleProcess(serverPid).cpuSeconds;
        const bulkStarted = process.hrtime.bigint();
        const stepSeconds: number[] = [];
        for (const sscc of bulkUnits) {
            const stepStarted = process.hrtime.bigint();
            await retailer.client.call('bulkStock', { body: { sscc } });
            stepSeconds.push(secondsSince(stepStarted));
        }
        const bulkSeconds = secondsSince(bulkStarted);
        // CPU time depends far less on what else runs on the machine than wall time does.
        const bulkCpuSeconds = sampleProcess(serverPid).cpuSeconds - cpuBefore;
        window = { fromUs: Number(bulkStarted / 1000n), toUs: Number(process.hrtime.bigint() / 1000n) };
        // Other processes share the machine: its load while the bulk steps ran says how far to trust the figure.
        const bulkLoad = elementAt(loadavg(), 0);
        const ledgerMean = await bench.meanLedgerSeconds('bulk:stock', 'submit');

        progress('bulk: stocking 10,000 more serials in bulk, their units sent side by side');
        const sideCpuBefore = sampleProcess(serverPid).cpuSeconds;
        const sideStarted = process.hrtime.bigint();
        // A unit refused here (on Fabric: the endorsement deadline when the peers' cores are short)
        // is reported, not a reason to lose the sequential figure measured already.
        const sideSteps = await Promise.allSettled(
            sideBySideUnits.map(async (sscc) => {
                const stepStarted = process.hrtime.bigint();
                await retailer.client.call('bulkStock', { body: { sscc } });
                return secondsSince(stepStarted);
            }),
        );
        const sideSeconds = secondsSince(sideStarted);
        const sideStepSeconds = sideSteps.flatMap((step) => (step.status === 'fulfilled' ? [step.value] : []));
        const sideFailure = sideSteps.find((step): step is PromiseRejectedResult => step.status === 'rejected');
        const stocked = COMMISSIONED - (sideSteps.length - sideStepSeconds.length) * Limits.serialsPerBulkStep;
        const sideCpuSeconds = sampleProcess(serverPid).cpuSeconds - sideCpuBefore;
        const sideLoad = elementAt(loadavg(), 0);

        progress(`bulk: stocking ${ONE_BY_ONE} serials one request each`);
        const single = serials.slice(2 * BULK, 2 * BULK + ONE_BY_ONE);
        if (single.length !== ONE_BY_ONE) {
            throw new Error('the per-serial sample is missing');
        }
        const singleStarted = process.hrtime.bigint();
        for (const serial of single) {
            await retailer.client.call('stockProduct', { params: { serial } });
        }
        const perSerial = secondsSince(singleStarted) / ONE_BY_ONE;

        progress('bulk: reading the impact of the batch');
        const jsonStarted = process.hrtime.bigint();
        const impact = await bench.manufacturer.call('batchImpact', { params: { batchId }, query: { state: 'stocked' } });
        const jsonSeconds = secondsSince(jsonStarted);
        if (impact.totals.units !== COMMISSIONED || impact.matching !== stocked) {
            throw new Error(`the impact counts ${impact.totals.units} units, ${impact.matching} stocked`);
        }
        const csvStarted = process.hrtime.bigint();
        const csv = await (await fetch(`${bench.server.url}${API_BASE}/batches/${batchId}/impact?format=csv`, { headers: { authorization: `Bearer ${bench.token}` } })).text();
        const csvSeconds = secondsSince(csvStarted);
        const csvLines = csv.split('\r\n').length - 2;
        if (csvLines !== COMMISSIONED) {
            throw new Error(`the impact CSV has ${csvLines} units`);
        }
        const transactions = bulkUnits.length;
        const rate = (count: number, seconds: number) => Math.round(count / seconds);
        table = {
            id: 'bulk',
            title: `Stocking 10,000 received serials: in bulk (${transactions} transactions of 2,000) and one by one; the impact of a ${COMMISSIONED}-serial batch`,
            ledger,
            columns: ['what', 'transactions', 'seconds', 'serials/s'],
            rows: [
                [`POST /api/v1/products/bulk/stock, 10,000 serials as ${transactions} handling units (sequential)`, transactions, round(bulkSeconds), rate(BULK, bulkSeconds)],
                [
                    `the same for 10,000 other serials, the ${transactions} units sent side by side (not the goal's figure)`,
                    transactions,
                    sideFailure ? 'failed' : round(sideSeconds),
                    sideFailure ? '–' : rate(BULK, sideSeconds),
                ],
                [`POST /api/v1/products/{serial}/stock, ${ONE_BY_ONE} measured, times 10,000`, BULK, round(perSerial * BULK), rate(1, perSerial)],
                [
                    `GET /api/v1/batches/{batchId}/impact (JSON: totals, first 1,000 units)`,
                    Math.ceil(COMMISSIONED / Limits.impactPageSize),
                    round(jsonSeconds),
                    rate(COMMISSIONED, jsonSeconds),
                ],
                [
                    `GET /api/v1/batches/{batchId}/impact?format=csv (every unit)`,
                    Math.ceil(COMMISSIONED / Limits.impactPageSize),
                    round(csvSeconds),
                    rate(COMMISSIONED, csvSeconds),
                ],
            ],
            notes: [
                `Goal (issue 14): bulk stock of 10,000 serials ≤ 2 s embedded, ≤ 10 s on Fabric. Bulk is ${round((perSerial * BULK) / bulkSeconds)}× faster than one request per serial here.`,
                'The impact rows count evaluations (`batch:impact`, 1,000 serials a page), not transactions.',
                `The sequential bulk transactions took ${stepSeconds.map((s) => round(s).toFixed(2)).join(', ')} s through the API (the ledger call alone: ${ledgerMean === undefined ? '–' : round(ledgerMean).toFixed(2)} s on average), using ${round(bulkCpuSeconds).toFixed(2)} s of the server's CPU (all its threads); the machine's 1-minute load average then was ${bulkLoad.toFixed(1)} on ${cpus().length} cores.`,
                `Side by side, the ${transactions} units' requests were all sent at once${sideFailure ? `; ${sideSteps.length - sideStepSeconds.length} failed (${String(sideFailure.reason).slice(0, 160)}), after ${round(sideSeconds)} s` : ''}; those stocked took ${sideStepSeconds.map((s) => round(s).toFixed(2)).join(', ') || '–'} s each, using ${round(sideCpuSeconds).toFixed(2)} s of the server's CPU; load average then ${sideLoad.toFixed(1)}. The goal's figure is the sequential row.`,
                'The one-request-per-serial row, measured in the same run right after, is the comparison that load affects alike.',
            ],
        };
    } finally {
        await bench.close();
    }
    if (profileDir && window) {
        const summary = summarizeCpuProfile(readCpuProfile(profileDir), { window });
        table.notes!.push(
            `Server CPU profile of the bulk steps (${summary.busyPercent} % busy), self time by package: ${formatShares(summary.selfByPackage, 8)}; by function: ${formatShares(summary.selfByFunction, 6)}.`,
        );
        rmSync(profileDir, { recursive: true, force: true });
    }
    return table;
}

/** Takes serials to the retailer as one handling unit on a shipment of its own, inspected in one bulk step; answers the unit's SSCC. */
async function receivedUnit(bench: BenchServer, retailer: ColdtraceClient, carrier: ColdtraceClient, serials: string[]): Promise<string> {
    const m = bench.manufacturer;
    await m.call('bulkInspect', { body: { serials } });
    const { sscc } = await m.call('packHandlingUnit', { body: { serials } });
    const { orderId } = await retailer.call('placeOrder', { body: { gtin: GTIN, quantity: serials.length, manufacturer: 'ManufacturerMSP' } });
    await m.call('acceptOrder', { params: { orderId } });
    const { shipmentId } = await m.call('createShipment', { body: { orderId, handlingUnits: [sscc], carrier: 'CarrierMSP' } });
    await carrier.call('pickupShipment', { params: { shipmentId } });
    await carrier.call('deliverShipment', { params: { shipmentId } });
    await retailer.call('receiveShipment', { params: { shipmentId } });
    return sscc;
}

function secondsSince(started: bigint): number {
    return Number(process.hrtime.bigint() - started) / 1e9;
}

function round(seconds: number): number {
    return Math.round(seconds * 100) / 100;
}
