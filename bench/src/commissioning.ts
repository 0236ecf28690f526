import { startBenchServer } from './bench-server';

export interface CommissioningResult {
    ledger: 'embedded' | 'fabric';
    serials: number;
    seconds: number;
    serialsPerSecond: number;
}

/**
 * Time for a manufacturer to commission one batch of `serials` through `POST /api/v1/batches`
 * (numbered serials: one transaction up to 100,000), on a server in its own process.
 *
 * @example
 * const { seconds } = await measureCommissioning('embedded', 10_000);
 */
export async function measureCommissioning(ledger: 'embedded' | 'fabric', serials: number): Promise<CommissioningResult> {
    const bench = await startBenchServer(ledger);
    try {
        const started = process.hrtime.bigint();
        const commissioned = await bench.commission(serials);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        if (commissioned.length !== serials) {
            throw new Error(`asked for ${serials} serials, got ${commissioned.length}`);
        }
        return { ledger, serials, seconds: Math.round(seconds * 100) / 100, serialsPerSecond: Math.round(serials / seconds) };
    } finally {
        await bench.close();
    }
}
