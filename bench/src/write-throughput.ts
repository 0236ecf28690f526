import { startBenchServer } from './bench-server';
import { loadRun } from './load-run';
import type { ResultTable } from './result-table';
import { elementAt } from './element-at';

/**
 * State transitions per second (`POST /products/{serial}/inspect`, each serial once) with 1, 4 and
 * 16 concurrent clients, and the chaincode's mean submit time at each level.
 *
 * @example
 * const table = await writeThroughput('embedded', 600, console.error);
 */
export async function writeThroughput(ledger: 'embedded' | 'fabric', perLevel: number, progress: (line: string) => void): Promise<ResultTable> {
    const levels = [1, 4, 16];
    const bench = await startBenchServer(ledger);
    const rows: (string | number)[][] = [];
    try {
        const serials = await bench.commission(perLevel * levels.length + 50, (done) => progress(`${ledger}: commissioning ${done} serials`));
        let next = 0;
        const nextPath = () => `/api/v1/products/${encodeURIComponent(elementAt(serials, next++))}/inspect`;
        await loadRun({ url: bench.server.url, connections: 1, amount: 50, method: 'POST', token: bench.token, nextPath });
        for (const connections of levels) {
            progress(`${ledger}: ${connections} concurrent clients`);
            const run = await loadRun({ url: bench.server.url, connections, amount: perLevel, method: 'POST', token: bench.token, nextPath });
            rows.push([connections, run.perSecond, run.p50, run.p97_5, run.p99, run.errors + run.non2xx]);
        }
    } finally {
        await bench.close();
    }
    return {
        id: 'write-throughput',
        title: `State transitions through the API (POST /products/{serial}/inspect, ${perLevel} per level)`,
        ledger,
        columns: ['concurrent clients', 'transitions/s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'errors'],
        rows,
        notes: ['Each request inspects a different serial, so no two transactions touch the same key.'],
    };
}
