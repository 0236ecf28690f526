import { startBenchServer } from './bench-server';
import { type LatencyStats, latencyStats } from './latency-stats';
import { TRACE_READ_PLAN, steadyReadDurations } from './steady-reads';

export interface ApiLatencyResult {
    ledger: 'embedded' | 'fabric';
    requests: number;
    trace: LatencyStats;
    stateChange: LatencyStats;
}

async function timed(call: () => Promise<unknown>): Promise<number> {
    const started = process.hrtime.bigint();
    await call();
    return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * Latency of `GET /api/v1/trace/{serial}` and of one state-change POST (`inspect`), one request at a
 * time from this process to a server in another: each inspect after a warm-up of a tenth, the trace
 * in its steady state ({@link TRACE_READ_PLAN}).
 *
 * @example
 * const result = await measureApiLatency('embedded', 200);
 */
export async function measureApiLatency(ledger: 'embedded' | 'fabric', requests: number, progress: (line: string) => void = () => undefined): Promise<ApiLatencyResult> {
    const bench = await startBenchServer(ledger);
    try {
        const { manufacturer } = bench;
        const warmUp = Math.max(10, Math.floor(requests / 10));
        const serials = await bench.commission(requests + warmUp);
        const inspect: number[] = [];
        for (const [i, serial] of serials.entries()) {
            const ms = await timed(() => manufacturer.call('inspectProduct', { params: { serial } }));
            if (i >= warmUp) {
                inspect.push(ms);
            }
            if (i % 50 === 0) {
                progress(`${ledger}: inspect ${i}/${serials.length}`);
            }
        }
        const trace = await steadyReadDurations(serials, (serial) => manufacturer.call('trace', { params: { ref: serial } }), TRACE_READ_PLAN);
        return { ledger, requests, trace: latencyStats(trace), stateChange: latencyStats(inspect) };
    } finally {
        await bench.close();
    }
}
