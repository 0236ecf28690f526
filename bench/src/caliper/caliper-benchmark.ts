import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openLedger, readServerConfig } from '@coldtrace/api';
import { fabricGatewayOptions, type LedgerIdentity, newFabricGatewayLedger, readFabricNetworkConfig } from '@coldtrace/ledger-client';
import { benchManufacturer, checkFloorDeployed, commission, FLOOR_CHAINCODE } from '../fabric-floor';
import type { ResultTable } from '../result-table';
import { CALIPER_SUT, CALIPER_VERSION, ensureCaliper } from './caliper-install';
import { caliperNetworkFiles } from './caliper-network-config';
import { caliperBenchmarkConfig, caliperPlan, type CaliperPlanOptions, DEFAULT_CALIPER_PLAN } from './caliper-plan';
import { caliperResultTable, parseCaliperSummary } from './caliper-results';

const ROOT = resolve(__dirname, '../../..');
const CALIPER_DIR = join(ROOT, '.fabric/caliper');
const WORKLOADS = join(ROOT, 'bench/caliper-workloads');
const INVOKER = 'manufacturer';

/** Caliper ended without success; its output is kept in the log named here. */
export class CaliperRunError extends Error {
    constructor(code: number | null, log: string, tail: string) {
        super(`Caliper exited with ${code} (full output in ${log}):\n${tail}`);
        this.name = 'CaliperRunError';
    }
}

/**
 * Drives the running native network (`npm run network:up`) with Hyperledger Caliper, an external
 * client with its own rate controllers and its own measurement: Fabric's floor put, coldtrace's
 * `product:inspect` and `query:trace`, each at a fixed rate and at saturation. coldtrace itself
 * only prepares the run — a manufacturer identity from the organization's CA and the serials the
 * write rounds inspect, commissioned through the Gateway — and reads Caliper's summary.
 *
 * @example
 * const table = await caliperBenchmark(console.error);
 */
export async function caliperBenchmark(progress: (line: string) => void, options: CaliperPlanOptions = DEFAULT_CALIPER_PLAN): Promise<ResultTable> {
    const { cli } = await ensureCaliper(CALIPER_DIR, progress);
    const plan = caliperPlan(options);
    mkdirSync(join(CALIPER_DIR, 'runs'), { recursive: true });
    const runDir = mkdtempSync(join(CALIPER_DIR, 'runs', 'run-'));
    const dataDir = mkdtempSync(join(tmpdir(), 'coldtrace-bench-caliper-'));
    const config = readServerConfig(['--data', dataDir, '--ledger', 'fabric'], process.env);
    const description = readFabricNetworkConfig(config.fabricConnection);
    try {
        const { ledger, issuer } = await openLedger(config);
        const floor = newFabricGatewayLedger({ ...fabricGatewayOptions(description), chaincode: FLOOR_CHAINCODE });
        let serials: string[];
        let manufacturer: LedgerIdentity;
        try {
            manufacturer = await benchManufacturer(ledger, issuer, config.organizations, 'bench-caliper');
            await checkFloorDeployed(floor, manufacturer);
            serials = await commission(ledger, manufacturer, plan.serialsNeeded, (done) =>
                progress(`caliper: commissioning ${done}/${plan.serialsNeeded} serials through the Gateway`),
            );
        } finally {
            await floor.close();
            await ledger.close();
        }
        const file = (name: string, content: string) => {
            writeFileSync(join(runDir, name), content, { mode: 0o600 });
            return join(runDir, name);
        };
        const invoker = {
            name: INVOKER,
            mspId: manufacturer.mspId,
            certPath: file('invoker-cert.pem', manufacturer.certificate),
            keyPath: file('invoker-key.pem', manufacturer.privateKey),
        };
        const profilePath = join(runDir, 'connection-profile.json');
        const { network, connectionProfile } = caliperNetworkFiles(description, invoker, [description.chaincode, FLOOR_CHAINCODE], profilePath);
        file('connection-profile.json', JSON.stringify(connectionProfile, null, 2));
        const networkPath = file('network.json', JSON.stringify(network, null, 2));
        const serialsPath = file('serials.json', JSON.stringify(serials));
        const benchmark = caliperBenchmarkConfig(plan, options, { workloadDir: WORKLOADS, serialsPath, runTag: Date.now().toString(36), invoker: INVOKER });
        const benchmarkPath = file('benchmark.json', JSON.stringify(benchmark, null, 2));
        const load = loadavg()
            .map((l) => l.toFixed(1))
            .join(' ');
        const started = new Date();
        const output = await launch(cli, runDir, networkPath, benchmarkPath, progress);
        return caliperResultTable(plan, parseCaliperSummary(output), [
            `Caliper ${CALIPER_VERSION} (@hyperledger/caliper-cli, bound with \`caliper bind --caliper-bind-sut ${CALIPER_SUT}\`: the fabric-gateway connector) against Fabric ${description.fabricVersion ?? '(version unknown)'}, ${started.toISOString()}; load average before the run ${load} (the machine is shared: figures are low).`,
            `\`caliper launch manager\` with ${options.workers} local worker, ${options.txNumber} transactions per round; fixed rounds use the fixed-rate controller at ${options.fixedTps} tps, maximum rounds the fixed-load controller keeping ${options.maxInFlight} transactions unfinished. The run's files (network, connection profile, benchmark, Caliper's output and report) stay in .fabric/caliper/runs/.`,
            "Caliper signs as a manufacturer issued by ManufacturerMSP's CA and submits through that organization's peer; the Gateway gathers the second endorsement (OutOf(2, …)) and Caliper waits for the commit on that peer only — unlike the `floor` table, whose client waits for all four peers, so its latencies are lower.",
            'Writes never touch the same key twice: a fresh floor key per put, a serial commissioned beforehand per product:inspect. Reads trace those serials. Workload modules: bench/caliper-workloads/.',
        ]);
    } finally {
        rmSync(dataDir, { recursive: true, force: true });
    }
}

/** Runs `caliper launch manager`, showing its latest line as progress; resolves with its whole output. */
function launch(cli: string, runDir: string, networkPath: string, benchmarkPath: string, progress: (line: string) => void): Promise<string> {
    const args = [
        cli,
        'launch',
        'manager',
        '--caliper-workspace',
        runDir,
        '--caliper-networkconfig',
        networkPath,
        '--caliper-benchconfig',
        benchmarkPath,
        '--caliper-flow-only-test',
        '--caliper-report-path',
        join(runDir, 'report.html'),
    ];
    const log = join(runDir, 'caliper.log');
    return new Promise((resolvePromise, reject) => {
        // Caliper and its workers resolve modules only inside .fabric/caliper (see module-isolation.js).
        const env = {
            ...process.env,
            COLDTRACE_CALIPER_DIR: CALIPER_DIR,
            NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require "${join(WORKLOADS, 'module-isolation.js')}"`.trim(),
        };
        const child = spawn(process.execPath, args, { cwd: runDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        const take = (chunk: Buffer) => {
            output += chunk.toString();
            const last = output.trimEnd().split('\n').pop() ?? '';
            // Caliper colours its log levels; the progress line shows the message only.
            progress(
                `caliper: ${last
                    // eslint-disable-next-line no-control-regex -- stripping the terminal's colour codes from Caliper's output
                    .replace(/\x1b\[[0-9;]*m/g, '')
                    .replace(/^.*?\[caliper\]\s*/, '')
                    .slice(0, 150)}`,
            );
        };
        child.stdout.on('data', take);
        child.stderr.on('data', take);
        child.on('error', reject);
        child.on('close', (code) => {
            writeFileSync(log, output);
            if (code === 0) {
                resolvePromise(output);
            } else {
                reject(new CaliperRunError(code, log, output.trimEnd().split('\n').slice(-15).join('\n')));
            }
        });
    });
}
