import type { LedgerIdentity } from '@coldtrace/ledger-client';

/**
 * One EPCIS 2.0 event as JSON-LD (ObjectEvent, AggregationEvent, TransactionEvent,
 * TransformationEvent, AssociationEvent): GS1's JSON schema is its authority, so it stays an open
 * record here and is validated against that schema where it enters or leaves coldtrace.
 */
export type EpcisEvent = Record<string, unknown> & { type: string; eventID: string; eventTime: string };

/** The EPCIS query language's parameters coldtrace supports (GS1 EPCIS 2.0 REST bindings). */
export interface EpcisEventFilter {
    eventType?: readonly string[];
    GE_eventTime?: string;
    LT_eventTime?: string;
    EQ_bizStep?: readonly string[];
    EQ_disposition?: readonly string[];
    MATCH_epc?: readonly string[];
    MATCH_anyEPC?: readonly string[];
    MATCH_parentID?: readonly string[];
    EQ_bizLocation?: readonly string[];
    eventID?: string;
}

/**
 * Where EPCIS events come from: the ledger's own records, mapped (`LedgerEventSource`), and events
 * partners captured (`CapturedEventSource`). The query interface asks each source with the caller's
 * identity — every source applies the same visibility the REST API has — and merges the answers in
 * event-time order.
 *
 * @example
 * for await (const event of source.events(caller, { EQ_bizStep: ['shipping'] })) { … }
 */
export interface EpcisEventSource {
    /** Events the caller may see that match the filter, in ascending eventTime (then eventID) order. */
    events(caller: LedgerIdentity, filter: EpcisEventFilter): AsyncIterable<EpcisEvent>;
    /**
     * One event by its ID, when the source can go straight to it (its IDs say where it is): undefined
     * when it has none the caller may see. Sources without it are searched with `{ eventID }`.
     */
    lookup?(caller: LedgerIdentity, eventID: string): Promise<EpcisEvent | undefined>;
}
