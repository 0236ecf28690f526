#!/usr/bin/env node
import { parseCommandLine, runCommandLine, UsageError } from '@coldtrace/api';
import { measureApiLatency } from './api-latency';
import { machineFacts, saveRun, writeReport } from './benchmark-report';
import { brokerFloors } from './broker-floors';
import { bulkSteps } from './bulk-steps';
import { caliperBenchmark } from './caliper/caliper-benchmark';
import { CALIPER_VERSION } from './caliper/caliper-install';
import { measureCommissioning } from './commissioning';
import { detectionLatency } from './detection-latency';
import { directoryLearning } from './directory-learning';
import { epcisQueryLatency } from './epcis-query-latency';
import { epcisCapture } from './epcis-capture';
import { fabricFloor } from './fabric-floor';
import { footprint } from './footprint';
import { ingestion } from './ingestion';
import { natsIngestion } from './nats-ingestion';
import { persistentIngestion } from './persistent-ingestion';
import { measureLedgerLatency } from './ledger-latency';
import type { ResultTable } from './result-table';
import { traceAtScale } from './trace-at-scale';
import { writeThroughput } from './write-throughput';

const USAGE = `usage: npm run bench -- [--ledger embedded|fabric] [--only NAME,…] [--sizes N,…] [--profile] [--caliper]

benchmarks: latency, scale, writes, commission, bulk, footprint, floor, detection, ingestion, persistent, nats, directory, broker,
            epcis, epcis-capture (all by default, but floor only on Fabric, persistent only embedded,
            ingestion on Fabric only with --only, and nats only with --only)
  nats      persistent's load through NATS JetStream (nats-server from network/nats/install.sh, readings in a
            throwaway PostgreSQL) with two detector processes on Fabric; on the embedded ledger one detector
  --sizes   ledger sizes for the trace benchmark (default 10000,100000 embedded; 10000 fabric;
            the 1,000,000 figure in docs/benchmarks.md comes from --sizes 10000,100000,1000000)
  --sizes   for directory: attachments the shipment directory learns (e.g. 9000,90000)
  --report  only render docs/benchmarks.md again from bench/results and bench/findings.md
  --profile run the server under --cpu-prof and add where its CPU time went to the notes (scale, ingestion, persistent, bulk)
  --caliper Fabric only: drive the network with Hyperledger Caliper (floor put, coldtrace's write, trace read at a
            fixed and at the maximum rate); alone it runs only that, with --only also the benchmarks named.
            The first run installs Caliper ${CALIPER_VERSION} into .fabric/caliper (minutes), later runs reuse it
On Fabric, start the network first (npm run network:up).`;

type Ledger = 'embedded' | 'fabric';

interface BenchOptions {
    sizes: number[];
    /** Run the server under --cpu-prof and name where its time went (scale, ingestion). */
    profile: boolean;
}

const BENCHMARKS: Record<string, (ledger: Ledger, options: BenchOptions, progress: (line: string) => void) => Promise<ResultTable>> = {
    latency: async (ledger) => {
        const http = await measureApiLatency(ledger, 200);
        const direct = await measureLedgerLatency(ledger, 200);
        return {
            id: 'latency',
            title: 'One client, one request at a time (200 inspects after 20; 1,000 traces after 1,000 untimed ones)',
            ledger,
            columns: ['call', 'p50 ms', 'p95 ms', 'p99 ms'],
            rows: [
                ['GET /api/v1/trace/{serial}', http.trace.p50, http.trace.p95, http.trace.p99],
                ['POST /api/v1/products/{serial}/inspect', http.stateChange.p50, http.stateChange.p95, http.stateChange.p99],
                ['evaluate query:trace (Ledger interface, no HTTP)', direct.evaluate.p50, direct.evaluate.p95, direct.evaluate.p99],
                ['submit product:inspect (Ledger interface, no HTTP)', direct.submit.p50, direct.submit.p95, direct.submit.p99],
            ],
        };
    },
    scale: (ledger, { sizes, profile }, progress) => traceAtScale(ledger, sizes, progress, { profile }),
    writes: (ledger, _options, progress) => writeThroughput(ledger, ledger === 'fabric' ? 200 : 600, progress),
    commission: async (ledger) => {
        const runs = [];
        for (let run = 0; run < 3; run++) {
            runs.push(await measureCommissioning(ledger, 10_000));
        }
        return {
            id: 'commission',
            title: 'Commissioning one batch of 10,000 serials (POST /api/v1/batches: one transaction, a range of numbered serials)',
            ledger,
            columns: ['run', 'seconds', 'serials/s'],
            rows: runs.map((r, i) => [i + 1, r.seconds, r.serialsPerSecond]),
        };
    },
    bulk: (ledger, { profile }, progress) => bulkSteps(ledger, progress, { profile }),
    footprint: (ledger) => footprint(ledger),
    floor: (ledger, _options, progress) => fabricFloor(ledger, progress),
    detection: (ledger, _options, progress) => detectionLatency(ledger, progress),
    ingestion: (ledger, { profile }, progress) => ingestion(ledger, progress, { profile }),
    persistent: (_ledger, { profile }, progress) => persistentIngestion(progress, { profile }),
    nats: (ledger, _options, progress) => natsIngestion(ledger, progress),
    directory: (_ledger, { sizes }, progress) => directoryLearning(sizes, progress),
    broker: (_ledger, _options, progress) => brokerFloors(progress),
    epcis: (ledger, _options, progress) => epcisQueryLatency(ledger, progress),
    'epcis-capture': (ledger, _options, progress) => epcisCapture(ledger, 5, 1000, progress),
};

const OPTIONS = {
    ledger: { type: 'string', default: 'embedded' },
    only: { type: 'string' },
    sizes: { type: 'string' },
    report: { type: 'boolean' },
    profile: { type: 'boolean', default: false },
    help: { type: 'boolean' },
    caliper: { type: 'boolean', default: false },
} as const;

/** Run by --caliper only: an external client, installed on demand, rather than one of the project's own benchmarks. */
const CALIPER: (typeof BENCHMARKS)[string] = (_ledger, _options, progress) => caliperBenchmark(progress);

async function main(argv: string[]): Promise<void> {
    const { values } = parseCommandLine(argv, OPTIONS, USAGE);
    if (values.help) {
        console.log(USAGE);
        return;
    }
    if (values.report) {
        console.log(`written to ${writeReport()}`);
        return;
    }
    const { ledger } = values;
    if (ledger !== 'embedded' && ledger !== 'fabric') {
        throw new UsageError(`--ledger must be embedded or fabric, not ${ledger}`, USAGE);
    }
    // The floor is a chaincode on the Fabric network: the embedded ledger has nothing to compare with.
    // Ingestion measures broker, detector and store; the ledger only holds the fleet's attachments,
    // 100,000 of which take Fabric (~40 writes/s here) longer than the run: on Fabric it runs by --only.
    // nats starts its own nats-server and PostgreSQL cluster, and two detectors only on Fabric: by --only.
    const notOn = ledger === 'fabric' ? ['ingestion', 'persistent', 'nats'] : ['floor', 'nats'];
    const defaults = Object.keys(BENCHMARKS).filter((name) => !notOn.includes(name));
    const { caliper } = values;
    if (caliper && ledger !== 'fabric') {
        throw new UsageError('--caliper drives the native Fabric network: run it with --ledger fabric (after npm run network:up)', USAGE);
    }
    const names = values.only ? values.only.split(',') : caliper ? [] : defaults;
    const unknown = names.filter((n) => !BENCHMARKS[n]);
    if (unknown.length) {
        throw new UsageError(`unknown benchmark ${unknown.join(', ')}`, USAGE);
    }
    const runs = [
        ...names.flatMap((name) => {
            const benchmark = BENCHMARKS[name];
            return benchmark ? [[name, benchmark] as const] : [];
        }),
        ...(caliper ? [['caliper', CALIPER] as const] : []),
    ];
    const sizes = (values.sizes ?? (ledger === 'fabric' ? '10000' : '10000,100000')).split(',').map(Number);
    console.log(`coldtrace benchmarks on the ${ledger} ledger: ${runs.map(([name]) => name).join(', ')}; ${machineFacts()}`);
    const progress = (line: string) => process.stderr.write(`\r\x1b[K${line}`);
    const command = `npm run bench -- ${argv.join(' ')}`.trim().replace(/ --$/, '');
    let written: string | undefined;
    for (const [, benchmark] of runs) {
        const started = Date.now();
        const table = await benchmark(ledger, { sizes, profile: values.profile }, progress);
        process.stderr.write('\r\x1b[K');
        console.log(`\n${table.title} (${Math.round((Date.now() - started) / 1000)} s)`);
        console.log(`| ${table.columns.join(' | ')} |`);
        for (const row of table.rows) {
            console.log(`| ${row.join(' | ')} |`);
        }
        // Saved as each finishes: a long run that fails later keeps what it measured.
        if (table.rows.length > 0) {
            written = saveRun(ledger, command, [table]);
        }
    }
    console.log(written ? `\nwritten to ${written}` : '\nnothing measured, nothing written');
}

runCommandLine('bench', () => main(process.argv.slice(2)));
