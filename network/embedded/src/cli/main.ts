#!/usr/bin/env node
import { resolve } from 'node:path';
import { EmbeddedLedger } from '../embedded-ledger';
import { seedDemoWorld, type Trace } from './demo-world';

const ORGANIZATIONS = ['ManufacturerMSP', 'CarrierMSP', 'RetailerMSP', 'AuditorMSP'];
const USAGE = `usage: coldtrace-ledger <command> [--data DIR] [--chaincode DIR]

commands:
  demo     open the ledger (seeding a small demo world on first run) and print a trace
  verify   walk the hash chain and report the first tampered block
  info     print the height and whether the hash chain is intact`;

async function main(argv: string[]): Promise<number> {
    const [command, ...rest] = argv;
    const option = (name: string, fallback: string) => {
        const at = rest.indexOf(`--${name}`);
        return at >= 0 && rest[at + 1] ? rest[at + 1] : fallback;
    };
    if (!command || command === '--help' || !['demo', 'verify', 'info'].includes(command)) {
        console.log(USAGE);
        return command && command !== '--help' ? 2 : 0;
    }
    const chaincodePath = resolve(option('chaincode', resolve(__dirname, '../../../../chaincode')));
    const dataDir = resolve(option('data', './data'), 'ledger');
    const ledger = await EmbeddedLedger.open({
        dataDir,
        chaincodePath,
        collectionsConfigPath: resolve(chaincodePath, 'collections_config.json'),
        organizations: ORGANIZATIONS,
    });
    try {
        if (command === 'verify') {
            const result = await ledger.verify();
            console.log(JSON.stringify(result, null, 2));
            return result.ok ? 0 : 1;
        }
        if (command === 'info') {
            const result = await ledger.verify();
            console.log(`ledger at ${dataDir}: ${ledger.height} blocks, chain ${result.ok ? 'intact' : `broken at block ${result.firstInvalidBlock}`}`);
            return 0;
        }
        console.log(`coldtrace embedded ledger at ${dataDir} (height ${ledger.height})`);
        const trace = await seedDemoWorld(ledger, (line) => console.log(`  ${line}`));
        printTrace(trace);
        const verification = await ledger.verify();
        console.log(`height ${ledger.height}; hash chain ${verification.ok ? 'verified' : `BROKEN at block ${verification.firstInvalidBlock}: ${verification.reason}`}`);
        console.log('The REST API and web UI arrive with the next issues; `npm run ledger -- verify` checks the chain.');
        return 0;
    } finally {
        await ledger.close();
    }
}

/** The trace as a person reads it: one line per step, then what went wrong on the way. */
function printTrace(trace: Trace): void {
    const { product, batch, shipment } = trace;
    console.log(`\ntrace of ${product.serial} (GTIN ${product.gtin}, batch ${batch.batchId}, ${batch.productName}), now ${product.state}:`);
    for (const step of trace.timeline) {
        console.log(`  ${step.state.padEnd(13)} ${step.at}  ${`${step.org}/${step.user}`.padEnd(34)} tx ${step.txId.slice(0, 12)}`);
    }
    if (shipment) {
        console.log(`  shipment ${shipment.shipmentId}: ${shipment.from} → ${shipment.to} by ${shipment.carrier}, sensors ${shipment.sensors.map((s) => s.sensorId).join(', ')}`);
    }
    for (const excursion of trace.excursions) {
        console.log(`  EXCURSION ${excursion.kind} peak ${excursion.peakC} °C for ${excursion.durationMinutes} min (allowed ${batch.temperatureProfile.minC}–${batch.temperatureProfile.maxC} °C)`);
    }
    for (const anomaly of trace.anomalies) {
        console.log(`  BATCH ANOMALY reported by ${anomaly.reporter}: ${anomaly.reason}`);
    }
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (error: Error) => {
        console.error(`coldtrace-ledger: ${error.message}`);
        process.exitCode = 1;
    },
);
