import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ColdtraceClient } from '@coldtrace/api/contract';
import { Limits } from '@coldtrace/chaincode/model';
import { type ServerProcess, type ServerProcessOptions, startServerProcess } from './server-process';

const PASSWORD = 'bench-password-1';

/** A server in its own process on a fresh data directory, with a signed-in manufacturer. */
export interface BenchServer {
    server: ServerProcess;
    manufacturer: ColdtraceClient;
    token: string;
    dataDir: string;
    /** A client signed in as the bench user of `role` (manufacturer, carrier, retailer, auditor). */
    signIn(role: 'manufacturer' | 'carrier' | 'retailer' | 'auditor'): Promise<{ client: ColdtraceClient; token: string }>;
    /** Commissions `count` serials in requests of up to 100,000, reporting progress. */
    commission(count: number, progress?: (done: number) => void): Promise<string[]>;
    /** Mean seconds of one chaincode call, from the server's own Prometheus histogram. */
    meanLedgerSeconds(fn: string, kind: 'submit' | 'evaluate'): Promise<number | undefined>;
    close(): Promise<void>;
}

/**
 * Starts a server for a benchmark and cleans it away afterwards.
 *
 * @example
 * const bench = await startBenchServer('embedded');
 * const serials = await bench.commission(10_000);
 */
export async function startBenchServer(
    ledger: 'embedded' | 'fabric',
    options: Omit<ServerProcessOptions, 'dataDir' | 'ledger' | 'password'> & {
        /** A data directory prepared beforehand (e.g. holding the device CA a broker started with); removed on close like a fresh one. */
        dataDir?: string;
    } = {},
): Promise<BenchServer> {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'coldtrace-bench-'));
    const server = await startServerProcess({ ...options, dataDir, ledger, password: PASSWORD });
    const manufacturer = new ColdtraceClient({ baseUrl: server.url });
    const { token } = await manufacturer.login('manufacturer', PASSWORD);
    return {
        server,
        manufacturer,
        token,
        dataDir,
        async signIn(role) {
            const client = new ColdtraceClient({ baseUrl: server.url });
            const { token: roleToken } = await client.login(role, PASSWORD);
            return { client, token: roleToken };
        },
        async commission(count, progress = () => undefined) {
            const serials: string[] = [];
            const { batchId } = await manufacturer
                .call('createBatch', {
                    body: {
                        gtin: '09506000134352',
                        productName: 'Bench vaccine',
                        quantity: Math.min(count, Limits.numberedSerialsPerTransaction),
                        tempMinC: 2,
                        tempMaxC: 8,
                        maxExcursionMinutes: 30,
                    },
                })
                .then((batch) => {
                    serials.push(...batch.serials);
                    return batch;
                });
            progress(serials.length);
            while (serials.length < count) {
                // An addition numbered by a quantity is one transaction and one range on the batch record,
                // up to 100,000 serials: as a manufacturer would commission a large batch, in few ranges.
                const more = await manufacturer.call('commissionSerials', {
                    params: { batchId },
                    body: { quantity: Math.min(count - serials.length, Limits.numberedSerialsPerTransaction) },
                });
                serials.push(...more.serials);
                progress(serials.length);
            }
            return serials;
        },
        async meanLedgerSeconds(fn, kind) {
            const text = await (await fetch(`${server.url}/metrics`)).text();
            const read = (suffix: string) =>
                Number(new RegExp(`coldtrace_ledger_call_duration_seconds_${suffix}\\{fn="${fn}",kind="${kind}",outcome="ok"\\} (\\S+)`).exec(text)?.[1]);
            const [sum, count] = [read('sum'), read('count')];
            return count > 0 ? sum / count : undefined;
        },
        async close() {
            await server.stop();
            rmSync(dataDir, { recursive: true, force: true });
        },
    };
}
