import { startBenchServer } from './bench-server';
import { latencyStats } from './latency-stats';
import type { ResultTable } from './result-table';
import { elementAt } from './element-at';

/** Products queried: each has two events (commissioning, inspecting), so one query answers 100. */
const PRODUCTS = 50;
const RUNS = 30;

/**
 * Latency of one EPCIS query answering 100 events (`GET /epcis/events?MATCH_epc=…&perPage=100`, 50
 * products named by Digital Link, each mapped from its trace), one request at a time after a warm-up.
 *
 * @example
 * const table = await epcisQueryLatency('embedded');
 */
export async function epcisQueryLatency(ledger: 'embedded' | 'fabric', progress: (line: string) => void = () => undefined): Promise<ResultTable> {
    const bench = await startBenchServer(ledger);
    try {
        const { manufacturer, token } = bench;
        const serials = await bench.commission(PRODUCTS);
        for (const [i, serial] of serials.entries()) {
            await manufacturer.call('inspectProduct', { params: { serial } });
            progress(`${ledger}: inspect ${i + 1}/${serials.length}`);
        }
        const { gtin } = (await manufacturer.call('trace', { params: { ref: elementAt(serials, 0) } })).product;
        const epcs = serials.map((serial) => `https://id.gs1.org/01/${gtin}/21/${encodeURIComponent(serial)}`).join('|');
        const url = `${bench.server.url}/epcis/events?perPage=100&MATCH_epc=${encodeURIComponent(epcs)}`;
        const times: number[] = [];
        for (let run = 0; run < RUNS + 3; run++) {
            const started = process.hrtime.bigint();
            const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
            const body = (await response.json()) as { epcisBody: { queryResults: { resultsBody: { eventList: unknown[] } } } };
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            if (body.epcisBody.queryResults.resultsBody.eventList.length !== 2 * PRODUCTS) {
                throw new Error(`the EPCIS query answered ${body.epcisBody.queryResults.resultsBody.eventList.length} events, not ${2 * PRODUCTS}`);
            }
            if (run >= 3) {
                times.push(ms);
            }
        }
        const stats = latencyStats(times);
        return {
            id: 'epcis',
            title: `EPCIS query answering 100 events (${PRODUCTS} products by MATCH_epc, ${RUNS} queries after a warm-up)`,
            ledger,
            columns: ['query', 'p50 ms', 'p95 ms', 'p99 ms'],
            rows: [['GET /epcis/events?MATCH_epc=…&perPage=100', stats.p50, stats.p95, stats.p99]],
        };
    } finally {
        await bench.close();
    }
}
