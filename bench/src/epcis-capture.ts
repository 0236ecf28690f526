import { randomUUID } from 'node:crypto';
import { startBenchServer } from './bench-server';
import type { ResultTable } from './result-table';

/** A cold-chain EPCIS document of `count` inspection events with a temperature report each. */
function coldChainDocument(count: number, offset: number) {
    const eventList = Array.from({ length: count }, (_, i) => ({
        type: 'ObjectEvent',
        eventID: `urn:uuid:${randomUUID()}`,
        eventTime: new Date(Date.UTC(2026, 2, 1) + (offset + i) * 60_000).toISOString(),
        eventTimeZoneOffset: '+00:00',
        epcList: [`https://id.gs1.org/01/09520123123451/21/BENCH-${offset + i}`],
        action: 'OBSERVE',
        bizStep: 'inspecting',
        disposition: 'in_progress',
        readPoint: { id: 'https://id.gs1.org/414/9520123456788' },
        sensorElementList: [{ sensorReport: [{ type: 'Temperature', minValue: 2.5, maxValue: 7.5, meanValue: 4.4, uom: 'CEL' }] }],
    }));
    return {
        '@context': ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld'],
        type: 'EPCISDocument',
        schemaVersion: '2.0',
        creationDate: new Date().toISOString(),
        epcisBody: { eventList },
    };
}

/**
 * EPCIS capture throughput: documents of `perDocument` events through `POST /epcis/capture`, each
 * validated against GS1's schema, hashed, anchored (500 hashes per transaction) and stored, timed
 * from the first POST until every job reports success.
 *
 * @example
 * const table = await epcisCapture('embedded', 5, 1000, console.log);
 */
export async function epcisCapture(ledger: 'embedded' | 'fabric', documents: number, perDocument: number, progress: (line: string) => void): Promise<ResultTable> {
    const bench = await startBenchServer(ledger);
    try {
        const post = async (document: unknown) => {
            const response = await fetch(`${bench.server.url}/epcis/capture`, {
                method: 'POST',
                headers: { authorization: `Bearer ${bench.token}`, 'content-type': 'application/ld+json' },
                body: JSON.stringify(document),
            });
            if (response.status !== 202) {
                throw new Error(`capture answered ${response.status}: ${await response.text()}`);
            }
            return response.headers.get('location')!;
        };
        const finished = async (location: string) => {
            for (;;) {
                const job = (await (await fetch(`${bench.server.url}${location}`, { headers: { authorization: `Bearer ${bench.token}` } })).json()) as {
                    running: boolean;
                    success: boolean;
                    errors: unknown[];
                };
                if (!job.running) {
                    if (!job.success) {
                        throw new Error(`capture failed: ${JSON.stringify(job.errors)}`);
                    }
                    return;
                }
                await new Promise((resolve) => setTimeout(resolve, 20));
            }
        };
        const prepared = Array.from({ length: documents }, (_, d) => coldChainDocument(perDocument, d * perDocument));
        const rows: (string | number)[][] = [];
        const started = process.hrtime.bigint();
        for (const [d, document] of prepared.entries()) {
            const one = process.hrtime.bigint();
            await finished(await post(document));
            const seconds = Number(process.hrtime.bigint() - one) / 1e9;
            rows.push([d + 1, perDocument, Math.round(seconds * 100) / 100, Math.round(perDocument / seconds)]);
            progress(`captured ${d + 1}/${documents} documents`);
        }
        const total = Number(process.hrtime.bigint() - started) / 1e9;
        rows.push(['all', documents * perDocument, Math.round(total * 100) / 100, Math.round((documents * perDocument) / total)]);
        return {
            id: 'epcis-capture',
            title: `EPCIS capture: documents of ${perDocument} events (POST /epcis/capture: GS1 schema, event hash, anchor, store)`,
            ledger,
            columns: ['document', 'events', 'seconds', 'events/s'],
            rows,
        };
    } finally {
        await bench.close();
    }
}
