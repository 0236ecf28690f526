import type { LedgerIdentity } from '@coldtrace/ledger-client';
import { EpcisProblemError, EpcisQueryTooLargeError } from './epcis-problem';
import type { EpcisEvent, EpcisEventFilter, EpcisEventSource } from './epcis-event-source';
import { byTimeThenId } from './epcis-event-order';

/** One page of a query's answer, and where the next one starts. */
export interface EpcisEventPage {
    events: EpcisEvent[];
    /** Absent on the last page. */
    nextPageToken?: string;
}

/** Events one query may gather from all sources before it is refused as too large. */
export const MAX_QUERY_EVENTS = 50_000;

/**
 * Answers event queries from every source (the list given at startup: ledger-mapped events, and
 * captured events once capture is wired), merged in event-time order and paged. A page token is the
 * position after the last event of the page (its time and eventID), so the next page continues
 * there even if events were added before it; it only means something with the same query parameters.
 *
 * @example
 * const engine = new EpcisQueryEngine([new LedgerEventSource(ledger)]);
 * const { events, nextPageToken } = await engine.page(identity, { EQ_bizStep: ['shipping'] }, 30);
 */
export class EpcisQueryEngine {
    readonly #sources: readonly EpcisEventSource[];

    constructor(sources: readonly EpcisEventSource[]) {
        this.#sources = sources;
    }

    async page(caller: LedgerIdentity, filter: EpcisEventFilter, perPage: number, pageToken?: string): Promise<EpcisEventPage> {
        const after = pageToken === undefined ? undefined : decodeToken(pageToken);
        const all = await this.all(caller, filter);
        const start = after ? all.findIndex((event) => byTimeThenId(event, after) > 0) : 0;
        const rest = start < 0 ? [] : all.slice(start);
        const events = rest.slice(0, perPage);
        const last = events.at(-1);
        return { events, ...(rest.length > perPage && last && { nextPageToken: encodeToken(last) }) };
    }

    /** One event by its ID: from the first source that can go straight to it, else by searching them all. */
    async find(caller: LedgerIdentity, eventID: string): Promise<EpcisEvent | undefined> {
        for (const source of this.#sources) {
            const event = await source.lookup?.(caller, eventID);
            if (event) {
                return event;
            }
        }
        if (this.#sources.every((source) => source.lookup !== undefined)) {
            return undefined;
        }
        const [event] = await this.all(caller, { eventID });
        return event;
    }

    /** Every matching event the caller may see, merged and ordered. */
    async all(caller: LedgerIdentity, filter: EpcisEventFilter): Promise<EpcisEvent[]> {
        const byId = new Map<string, EpcisEvent>();
        for (const source of this.#sources) {
            for await (const event of source.events(caller, filter)) {
                byId.set(event.eventID, event);
                if (byId.size > MAX_QUERY_EVENTS) {
                    throw new EpcisQueryTooLargeError(`the query selects more than ${MAX_QUERY_EVENTS} events; narrow it (MATCH_epc, eventType, a time window)`);
                }
            }
        }
        return [...byId.values()].sort(byTimeThenId);
    }
}

function encodeToken(event: EpcisEvent): string {
    return Buffer.from(JSON.stringify([event.eventTime, event.eventID])).toString('base64url');
}

function decodeToken(token: string): Pick<EpcisEvent, 'eventTime' | 'eventID'> {
    try {
        const [eventTime, eventID] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown[];
        if (typeof eventTime === 'string' && typeof eventID === 'string' && !Number.isNaN(Date.parse(eventTime))) {
            return { eventTime, eventID };
        }
    } catch {
        // reported below
    }
    throw new EpcisProblemError(400, 'QueryParameterException', 'nextPageToken is not one this server issued; take it from the Link header of the previous page');
}
