import type { Request } from 'express';
import type { BatchImpact, ImpactUnit } from '../../contract/impact-payloads';
import { matchesImpactFilter } from '../../contract/impact-payloads';
import { IMPACT_CSV_HEADER, impactCsvLine } from '../../impact/impact-csv';
import { impactPages } from '../../impact/impact-pages';
import { ImpactTally } from '../../impact/impact-totals';
import { LastPositions } from '../../impact/last-positions';
import type { JsonLedgerClient } from '@coldtrace/ledger-client';
import type { TelemetryStore } from '@coldtrace/telemetry';
import { StreamedResponse } from '../streamed-response';
import type { RouteHandlers } from './route-handlers';

/**
 * A batch's impact: the chaincode decides who sees it and which serials, a page at a time; the API
 * adds where each shipment was last seen (telemetry, off chain), counts, filters and slices, or
 * streams every matching unit as CSV without holding them all.
 */
export function impactHandlers(ledger: JsonLedgerClient, telemetry: Pick<TelemetryStore, 'lastReading'> | undefined): RouteHandlers<'batchImpact'> {
    return {
        batchImpact: async ({ params, query }, { identity }, req) => {
            const pages = await impactPages(ledger, identity, params.batchId);
            const positions = new LastPositions(telemetry);
            const located = async (row: ImpactUnit): Promise<ImpactUnit> => {
                const lastPosition = await positions.of(row.lastShipmentId);
                return lastPosition ? { ...row, lastPosition } : row;
            };
            if (wantsCsv(query.format, req)) {
                return new StreamedResponse(
                    'text/csv; charset=utf-8',
                    csv(pages, (row) => matchesImpactFilter(row, query), located),
                    `impact-${params.batchId}.csv`,
                );
            }
            const tally = new ImpactTally();
            const units: ImpactUnit[] = [];
            let matching = 0;
            let head: Pick<BatchImpact, 'batch' | 'anomalies'> | undefined;
            for await (const page of pages) {
                head ??= { batch: page.batch, anomalies: page.anomalies };
                for (const row of page.items) {
                    tally.add(row);
                    if (matchesImpactFilter(row, query)) {
                        if (matching >= query.offset && units.length < query.limit) {
                            units.push(await located(row));
                        }
                        matching += 1;
                    }
                }
            }
            return { ...head!, totals: tally.result(), matching, offset: query.offset, limit: query.limit, units };
        },
    };
}

/** `format` decides; without it, an Accept header that prefers text/csv to JSON. */
function wantsCsv(format: 'json' | 'csv' | undefined, req: Request): boolean {
    return format ? format === 'csv' : req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

async function* csv(
    pages: AsyncIterable<{ items: ImpactUnit[] }>,
    matches: (row: ImpactUnit) => boolean,
    located: (row: ImpactUnit) => Promise<ImpactUnit>,
): AsyncIterable<string> {
    yield IMPACT_CSV_HEADER;
    for await (const page of pages) {
        yield (await Promise.all(page.items.filter(matches).map(located))).map(impactCsvLine).join('');
    }
}
