import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LedgerConnection, openLedger, readServerConfig, type ServerConfig } from '@coldtrace/api';
import {
    bootstrapMembership,
    fabricGatewayOptions,
    type Ledger,
    type LedgerIdentity,
    newFabricGatewayLedger,
    newJsonLedgerClient,
    readFabricNetworkConfig,
} from '@coldtrace/ledger-client';
import { type ConcurrentRun, runConcurrently } from './concurrent-run';
import { latencyStats } from './latency-stats';
import { medianWithSpread, type ResultTable } from './result-table';
import { median } from './order-statistics';
import { elementAt } from './element-at';

/** The one-key put chaincode (bench/floor-chaincode) that network/fabric/up.sh deploys next to coldtrace. */
export const FLOOR_CHAINCODE = 'coldtrace-floor';

export interface FloorOptions {
    /** Concurrent callers per level. */
    levels: readonly number[];
    /** Measured runs per level and transaction; the table shows their median and spread. */
    runs: number;
    /** Submits in one run at a level: bounded so that a run takes seconds, not minutes. */
    submitsPerRun: (clients: number) => number;
}

const DEFAULTS: FloorOptions = { levels: [1, 4, 16], runs: 3, submitsPerRun: (clients) => Math.min(40 * clients, 320) };

const TITLE = "coldtrace's writes against Fabric's floor (a one-key put through the same network and client)";

/** One transaction kind under test, the floor first: what it is called in the table and how one submit is made. */
interface Contender {
    name: string;
    submit: (input: string) => Promise<unknown>;
    /** A fresh input per submit, so that no two transactions touch the same key. */
    inputs: (count: number) => string[];
}

/**
 * State transitions per second and latency of coldtrace's `product:inspect` and of the floor's
 * `floor:put` (one blind write of one key), with 1, 4 and 16 concurrent callers, both through the
 * backend's own {@link newFabricGatewayLedger} (the API's client path, waiting for all peers as it does)
 * with the same manufacturer identity; our ratio to the floor per level. Runs of the two
 * transactions alternate so that both see the same machine. Only on Fabric: on the embedded ledger
 * it returns an empty table saying so.
 *
 * @example
 * const table = await fabricFloor('fabric', console.error);
 */
export async function fabricFloor(ledger: 'embedded' | 'fabric', progress: (line: string) => void, options: FloorOptions = DEFAULTS): Promise<ResultTable> {
    const table = { id: 'floor', title: TITLE, ledger, columns: ['concurrent clients', 'transaction', 'tx/s', 'p50 ms', 'p99 ms', 'errors', 'tx/s ÷ floor', 'p50 − floor ms'] };
    if (ledger !== 'fabric') {
        return {
            ...table,
            title: `${TITLE}: Fabric only, skipped on the embedded ledger`,
            rows: [],
            notes: ['The floor is a second chaincode on the Fabric network: run `npm run network:up`, then `npm run bench -- --ledger fabric --only floor`.'],
        };
    }
    const dataDir = mkdtempSync(join(tmpdir(), 'coldtrace-bench-floor-'));
    const config = readServerConfig(['--data', dataDir, '--ledger', 'fabric'], process.env);
    const { ledger: coldtrace, issuer } = await openLedger(config);
    const floor = newFabricGatewayLedger({ ...fabricGatewayOptions(readFabricNetworkConfig(config.fabricConnection)), chaincode: FLOOR_CHAINCODE });
    try {
        const manufacturer = await benchManufacturer(coldtrace, issuer, config.organizations, 'bench-floor');
        await checkFloorDeployed(floor, manufacturer);
        const needed = options.levels.reduce((sum, clients) => sum + (options.runs + 1) * options.submitsPerRun(clients), 0);
        const serials = await commission(coldtrace, manufacturer, needed, (done) => progress(`fabric floor: commissioning ${done}/${needed} serials`));
        const runTag = Date.now().toString(36);
        let putKeys = 0;
        const contenders: Contender[] = [
            { name: 'floor:put', submit: (key) => floor.submit(manufacturer, 'floor:put', [key]), inputs: (n) => Array.from({ length: n }, () => `${runTag}-${putKeys++}`) },
            { name: 'product:inspect', submit: (serial) => coldtrace.submit(manufacturer, 'product:inspect', [serial]), inputs: (n) => serials.splice(0, n) },
        ];
        const rows: (string | number)[][] = [];
        const notes: string[] = [];
        for (const clients of options.levels) {
            const summaries = await measureLevel(clients, options, contenders, progress);
            const floorSummary = elementAt(summaries, 0);
            for (const [i, summary] of summaries.entries()) {
                const name = elementAt(contenders, i).name;
                rows.push([
                    clients,
                    name,
                    medianWithSpread(summary.perSecond),
                    medianWithSpread(summary.p50),
                    summary.p99.toFixed(1),
                    summary.errors,
                    ratio(summary.medianPerSecond, floorSummary.medianPerSecond),
                    (summary.medianP50 - floorSummary.medianP50).toFixed(1),
                ]);
                if (summary.firstError) {
                    notes.push(`${name} at ${clients} clients failed ${summary.errors} times, first: ${summary.firstError}`);
                }
            }
        }
        return {
            ...table,
            rows,
            notes: [
                `${options.runs} runs per level and transaction after a warm-up run, alternating floor and coldtrace; ${options.levels.map((c) => `${options.submitsPerRun(c)} submits per run at ${c}`).join(', ')}. tx/s and p50: median of the runs (spread); p99 over all runs of the level.`,
                'Both go through FabricGatewayLedger.submit as a ManufacturerMSP user: endorsement by two peers (OutOf(2, …)), ordering (BatchTimeout 200 ms), commit, and the wait until all four peers hold the block, exactly as the API submits. Every submit writes a different key (a fresh key for floor:put, a fresh serial for product:inspect), so no transaction conflicts with another.',
                'floor:put is one blind write; product:inspect reads the product, checks the caller and the step, writes the product, moves its index entries and emits an event. "p50 − floor" is what coldtrace adds per transaction.',
                ...notes,
            ],
        };
    } finally {
        await floor.close();
        await coldtrace.close();
        rmSync(dataDir, { recursive: true, force: true });
    }
}

/** A warm-up run, then `options.runs` measured runs, each contender in turn; one summary per contender. */
async function measureLevel(clients: number, options: FloorOptions, contenders: readonly Contender[], progress: (line: string) => void) {
    const count = options.submitsPerRun(clients);
    const runs = contenders.map((): ConcurrentRun[] => []);
    for (let run = 0; run <= options.runs; run++) {
        for (const [i, contender] of contenders.entries()) {
            progress(`fabric floor: ${clients} clients, ${contender.name}, ${run === 0 ? 'warm-up' : `run ${run}/${options.runs}`} (${count} submits)`);
            const result = await runConcurrently(clients, contender.inputs(count), contender.submit);
            if (result.durationsMs.length === 0) {
                throw new Error(`every ${contender.name} submit failed at ${clients} clients: ${result.firstError}`);
            }
            if (run > 0) {
                elementAt(runs, i).push(result);
            }
        }
    }
    return runs.map(summarize);
}

/**
 * A fresh manufacturer user, issued by its organization's CA, on a consortium whose founders are
 * recorded: on a network just started nothing else has bootstrapped the membership yet.
 *
 * @example
 * const manufacturer = await benchManufacturer(ledger, issuer, config.organizations, 'bench-caliper');
 */
export async function benchManufacturer(ledger: Ledger, issuer: LedgerConnection['issuer'], founders: ServerConfig['organizations'], label: string): Promise<LedgerIdentity> {
    const manufacturer = await issuer.issue('ManufacturerMSP', `${label}-${Date.now().toString(36)}`);
    await bootstrapMembership(ledger, manufacturer, founders);
    return manufacturer;
}

/** Fails with what to do when the network was started without the floor chaincode. */
export async function checkFloorDeployed(floor: Ledger, identity: LedgerIdentity): Promise<void> {
    try {
        await floor.evaluate(identity, 'floor:get', ['bench-floor-probe']);
    } catch (error) {
        if (!/NOT_FOUND: no floor key/.test((error as Error).message)) {
            throw new Error(
                `the floor chaincode ${FLOOR_CHAINCODE} does not answer (${(error as Error).message}); network/fabric/up.sh deploys it: restart the network with npm run network:down && npm run network:up`,
                { cause: error },
            );
        }
    }
}

/** Creates serials for the manufacturer to inspect, 2,000 per batch:create transaction. */
export async function commission(ledger: Ledger, manufacturer: LedgerIdentity, count: number, progress: (done: number) => void): Promise<string[]> {
    const client = newJsonLedgerClient(ledger);
    const serials: string[] = [];
    while (serials.length < count) {
        const input = { gtin: '09506000134352', productName: 'Bench vaccine', quantity: Math.min(2000, count - serials.length), tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 };
        serials.push(...(await client.submit<{ serials: string[] }>(manufacturer, 'batch:create', [input])).serials);
        progress(serials.length);
    }
    return serials;
}

function summarize(runs: readonly ConcurrentRun[]) {
    const perSecond = runs.map((r) => r.perSecond);
    const p50 = runs.map((r) => latencyStats(r.durationsMs).p50);
    return {
        perSecond,
        p50,
        medianPerSecond: median(perSecond),
        medianP50: median(p50),
        p99: latencyStats(runs.flatMap((r) => r.durationsMs)).p99,
        errors: runs.reduce((sum, r) => sum + r.errors, 0),
        firstError: runs.find((r) => r.firstError)?.firstError,
    };
}

function ratio(ours: number, floor: number): string {
    return `${(ours / floor).toFixed(2)}×`;
}
