import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLedger, readServerConfig } from '@coldtrace/api';
import { newJsonLedgerClient } from '@coldtrace/ledger-client';
import { benchManufacturer } from './fabric-floor';
import { type LatencyStats, latencyStats } from './latency-stats';
import { TRACE_READ_PLAN, steadyReadDurations } from './steady-reads';

export interface LedgerLatencyResult {
    ledger: 'embedded' | 'fabric';
    submit: LatencyStats;
    evaluate: LatencyStats;
}

/**
 * One submit (`product:inspect`, endorse + order + commit) and one evaluate (`query:trace`) at a
 * time, straight through the backend's Ledger interface: what the chaincode and the ledger cost
 * without HTTP.
 *
 * @example
 * const { submit, evaluate } = await measureLedgerLatency('fabric', 100);
 */
export async function measureLedgerLatency(kind: 'embedded' | 'fabric', count: number): Promise<LedgerLatencyResult> {
    const dataDir = mkdtempSync(join(tmpdir(), 'coldtrace-bench-ledger-'));
    const config = readServerConfig(['--data', dataDir, '--ledger', kind], process.env);
    const { ledger, issuer } = await openLedger(config);
    try {
        const client = newJsonLedgerClient(ledger);
        // A fresh data directory has no consortium yet: record its founders, as the server does on start.
        const manufacturer = await benchManufacturer(ledger, issuer, config.organizations, 'bench');
        const warmUp = 10;
        const serials: string[] = [];
        for (let left = count + warmUp; left > 0; left -= 2000) {
            const input = { gtin: '09506000134352', productName: 'Bench vaccine', quantity: Math.min(2000, left), tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 };
            serials.push(...(await client.submit<{ serials: string[] }>(manufacturer, 'batch:create', [input])).serials);
        }
        const measure = async (call: (serial: string) => Promise<unknown>) => {
            const durations: number[] = [];
            for (const [i, serial] of serials.entries()) {
                const started = process.hrtime.bigint();
                await call(serial);
                if (i >= warmUp) {
                    durations.push(Number(process.hrtime.bigint() - started) / 1e6);
                }
            }
            return latencyStats(durations);
        };
        const submit = await measure((serial) => client.submit(manufacturer, 'product:inspect', [serial]));
        const evaluate = latencyStats(await steadyReadDurations(serials, (serial) => client.evaluate(manufacturer, 'query:trace', [serial]), TRACE_READ_PLAN));
        return { ledger: kind, submit, evaluate };
    } finally {
        await ledger.close();
        rmSync(dataDir, { recursive: true, force: true });
    }
}
