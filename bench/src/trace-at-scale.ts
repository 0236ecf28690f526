import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchServer } from './bench-server';
import { formatShares, readCpuProfile, summarizeCpuProfile } from './cpu-profile';
import { loadRun } from './load-run';
import { medianWithSpread, type ResultTable } from './result-table';
import { elementAt } from './element-at';
import { latencyStats } from './latency-stats';
import { TRACE_READ_PLAN, steadyReadDurations } from './steady-reads';

/**
 * `GET /api/v1/trace/{serial}` for random serials under load (8 connections, 3 runs of 10 s) on a
 * ledger holding `size` serials, the chaincode's own evaluate time from the server's metrics, and
 * then one client's latency in its steady state ({@link TRACE_READ_PLAN}) on the same ledger.
 * With `profile`, the server of the largest ledger runs under `--cpu-prof` and the notes say where
 * its CPU time went during the measured runs.
 *
 * @example
 * const table = await traceAtScale('embedded', [10_000, 100_000], console.error);
 */
export async function traceAtScale(ledger: 'embedded' | 'fabric', sizes: number[], progress: (line: string) => void, options: { profile?: boolean } = {}): Promise<ResultTable> {
    const rows: (string | number)[][] = [];
    const notes: string[] = [];
    for (const size of sizes) {
        const profileDir = options.profile && size === Math.max(...sizes) ? mkdtempSync(join(tmpdir(), 'coldtrace-trace-profile-')) : undefined;
        const bench = await startBenchServer(ledger, profileDir ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profileDir] } : {});
        let window: { fromUs: number; toUs: number } | undefined;
        try {
            const started = Date.now();
            const serials = await bench.commission(size, (done) => progress(`${ledger}: commissioning ${done}/${size} serials`));
            const commissionSeconds = (Date.now() - started) / 1000;
            const randomSerial = () => elementAt(serials, Math.floor(Math.random() * serials.length));
            const pick = () => `/api/v1/trace/${encodeURIComponent(randomSerial())}`;
            await loadRun({ url: bench.server.url, connections: 8, seconds: 3, token: bench.token, nextPath: pick });
            const runs = [];
            const fromUs = Number(process.hrtime.bigint() / 1000n);
            for (let run = 1; run <= 3; run++) {
                progress(`${ledger}: ${size} serials, trace load run ${run}/3`);
                runs.push(await loadRun({ url: bench.server.url, connections: 8, seconds: 10, token: bench.token, nextPath: pick }));
            }
            window = { fromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
            const evaluate = await bench.meanLedgerSeconds('query:trace', 'evaluate');
            const oneClientReads = TRACE_READ_PLAN.warmUp + TRACE_READ_PLAN.samples;
            progress(`${ledger}: ${size} serials, one client, ${oneClientReads} traces`);
            const randomSerials = Array.from({ length: oneClientReads }, randomSerial);
            const oneClient = latencyStats(await steadyReadDurations(randomSerials, (serial) => bench.manufacturer.call('trace', { params: { ref: serial } }), TRACE_READ_PLAN));
            rows.push([
                size.toLocaleString('en'),
                medianWithSpread(runs.map((r) => r.perSecond)),
                medianWithSpread(
                    runs.map((r) => r.p50),
                    0,
                ),
                medianWithSpread(
                    runs.map((r) => r.p97_5),
                    0,
                ),
                medianWithSpread(
                    runs.map((r) => r.p99),
                    0,
                ),
                evaluate === undefined ? '–' : (evaluate * 1000).toFixed(1),
                runs.reduce((n, r) => n + r.errors + r.non2xx, 0),
                oneClient.p50,
                oneClient.p99,
                Math.round(size / commissionSeconds),
            ]);
        } finally {
            await bench.close();
        }
        if (profileDir && window) {
            const summary = summarizeCpuProfile(readCpuProfile(profileDir), { window });
            notes.push(
                `Server CPU profile at ${size.toLocaleString('en')} serials during the measured runs (${summary.busyPercent} % busy), self time by package: ${formatShares(summary.selfByPackage, 6)}; ` +
                    `by function: ${formatShares(summary.selfByFunction, 5)}.`,
            );
            // COLDTRACE_BENCH_KEEP_PROFILE keeps the .cpuprofile for a look in a profiler (path in the notes' log line).
            if (process.env.COLDTRACE_BENCH_KEEP_PROFILE) {
                progress(`${ledger}: CPU profile kept in ${profileDir}`);
            } else {
                rmSync(profileDir, { recursive: true, force: true });
            }
        }
    }
    return {
        id: 'trace-at-scale',
        title: 'Trace latency by ledger size (GET /api/v1/trace of random serials: 8 connections, then one client)',
        ledger,
        columns: [
            'serials on the ledger',
            'traces/s',
            'p50 ms',
            'p97.5 ms',
            'p99 ms',
            'chaincode evaluate, mean ms',
            'errors',
            '1 client p50 ms',
            '1 client p99 ms',
            'commissioned serials/s',
        ],
        rows,
        notes: [
            'Medians of 3 runs of 10 s after a 3 s warm-up; spread in parentheses. The chaincode column is the mean of `query:trace` evaluations from the server’s `/metrics`, without HTTP.',
            `"1 client": then one request at a time through the API client, ${TRACE_READ_PLAN.samples.toLocaleString('en')} traces of random serials timed after ${TRACE_READ_PLAN.warmUp.toLocaleString('en')} untimed ones (the steady state, as in the one-client table).`,
            ...notes,
        ],
    };
}
