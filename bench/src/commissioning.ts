import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ColdtraceClient } from '@coldtrace/api/contract';
import { startServerProcess } from './server-process';

const PASSWORD = 'bench-password-1';

export interface CommissioningResult {
    ledger: 'embedded' | 'fabric';
    serials: number;
    seconds: number;
    serialsPerSecond: number;
}

/**
 * Time for a manufacturer to commission one batch of `serials` through `POST /api/v1/batches`
 * (the API commits it 2,000 serials per transaction), on a server in its own process.
 *
 * @example
 * const { seconds } = await measureCommissioning('embedded', 10_000);
 */
export async function measureCommissioning(ledger: 'embedded' | 'fabric', serials: number): Promise<CommissioningResult> {
    const dataDir = mkdtempSync(join(tmpdir(), 'coldtrace-bench-commission-'));
    const server = await startServerProcess({ dataDir, ledger, password: PASSWORD });
    try {
        const manufacturer = new ColdtraceClient({ baseUrl: server.url });
        await manufacturer.login('manufacturer', PASSWORD);
        const started = process.hrtime.bigint();
        const batch = await manufacturer.call('createBatch', {
            body: { gtin: '09506000134352', productName: 'Bench vaccine', quantity: serials, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 },
        });
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        if (batch.serials.length !== serials) {
            throw new Error(`asked for ${serials} serials, got ${batch.serials.length}`);
        }
        return { ledger, serials, seconds: Math.round(seconds * 100) / 100, serialsPerSecond: Math.round(serials / seconds) };
    } finally {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
    }
}
