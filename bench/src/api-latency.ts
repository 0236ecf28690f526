import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ColdtraceClient } from '@coldtrace/api/contract';
import { type LatencyStats, latencyStats } from './latency-stats';
import { startServerProcess } from './server-process';

const PASSWORD = 'bench-password-1';

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
 * time from this process to a server in another, after a warm-up.
 *
 * @example
 * const result = await measureApiLatency('embedded', 200);
 */
export async function measureApiLatency(ledger: 'embedded' | 'fabric', requests: number, progress: (line: string) => void = () => undefined): Promise<ApiLatencyResult> {
    const dataDir = mkdtempSync(join(tmpdir(), 'coldtrace-bench-'));
    const server = await startServerProcess({ dataDir, ledger, password: PASSWORD });
    try {
        const manufacturer = new ColdtraceClient({ baseUrl: server.url });
        await manufacturer.login('manufacturer', PASSWORD);
        const warmUp = Math.max(10, Math.floor(requests / 10));
        const { serials } = await manufacturer.call('createBatch', {
            body: { gtin: '09506000134352', productName: 'Bench vaccine', quantity: requests + warmUp, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 },
        });
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
        const trace: number[] = [];
        for (const [i, serial] of serials.entries()) {
            const ms = await timed(() => manufacturer.call('trace', { params: { ref: serial } }));
            if (i >= warmUp) {
                trace.push(ms);
            }
        }
        return { ledger, requests, trace: latencyStats(trace), stateChange: latencyStats(inspect) };
    } finally {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
    }
}
