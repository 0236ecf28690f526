import { randomUUID } from 'node:crypto';
import type { EpcisEvent } from './epcis-event-source';
import { EPCIS_CONTEXT } from './ledger-event-mapper';

/**
 * The `EPCISQueryDocument` a query answers with (and a subscription delivers): the events of one page
 * under the query's name (`SimpleEventQuery` for an ad-hoc `GET /epcis/events`).
 *
 * @example
 * res.json(epcisQueryDocument(events, { queryName: 'SimpleEventQuery', at: new Date().toISOString() }));
 */
export function epcisQueryDocument(events: readonly EpcisEvent[], query: { queryName: string; subscriptionID?: string; at: string }): Record<string, unknown> {
    return {
        '@context': EPCIS_CONTEXT,
        id: `urn:uuid:${randomUUID()}`,
        type: 'EPCISQueryDocument',
        schemaVersion: '2.0',
        creationDate: query.at,
        epcisBody: {
            queryResults: {
                queryName: query.queryName,
                ...(query.subscriptionID && { subscriptionID: query.subscriptionID }),
                // The document carries the context once; its events do not repeat it.
                resultsBody: { eventList: events.map(({ '@context': _context, ...event }) => event) },
            },
        },
    };
}
