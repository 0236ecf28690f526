import { type Member, type Product, referencesProduct } from '@coldtrace/chaincode/model';
import type { JsonLedgerClient, LedgerIdentity } from '@coldtrace/ledger-client';
import { canonicalDigitalLink } from './canonical-digital-link';
import type { CapturedEvent, CapturedEventStore } from './captured-event-store';
import type { EpcisEvent, EpcisEventFilter, EpcisEventSource } from './epcis-event-source';

/** The vendor field a captured event is served with: who captured it (EPCIS user extension). */
export const CAPTURED_BY = 'coldtrace:capturedBy';
/** The namespace of coldtrace's own EPCIS extension fields, for a served event's `@context`. */
export const COLDTRACE_EPCIS_NAMESPACE = 'https://coldtrace.example/epcis/';

/**
 * The events partners captured on this node, as an {@link EpcisEventSource} the query interface
 * merges with the ledger's own. A caller sees an event its organization captured, every event when
 * it is an auditor, and an event naming a product the ledger lets it read (the chaincode decides:
 * owner, custodian, earlier holder, manufacturer). Events are served as captured plus
 * `coldtrace:capturedBy` and `recordTime`.
 *
 * @example
 * const source = newCapturedEventSource(store, ledger);
 * for await (const event of source.events(caller.identity, { EQ_bizStep: ['shipping'] })) …
 */
export interface CapturedEventSource extends EpcisEventSource {
    lookup(caller: LedgerIdentity, eventID: string): Promise<EpcisEvent | undefined>;
    /** The first stored event with this eventID the caller may see, with its stored record. */
    find(caller: LedgerIdentity, eventID: string): Promise<CapturedEvent | undefined>;
}

/** The {@link CapturedEventSource} of the events in `store`, each shown to whom `ledger` lets read it. */
export function newCapturedEventSource(store: CapturedEventStore, ledger: JsonLedgerClient): CapturedEventSource {
    return new StoredEventSource(store, ledger);
}

class StoredEventSource implements CapturedEventSource {
    readonly #store: CapturedEventStore;
    readonly #ledger: JsonLedgerClient;

    constructor(store: CapturedEventStore, ledger: JsonLedgerClient) {
        this.#store = store;
        this.#ledger = ledger;
    }

    async *events(caller: LedgerIdentity, filter: EpcisEventFilter): AsyncIterable<EpcisEvent> {
        const visibility = new Visibility(this.#ledger, caller);
        for (const captured of this.#store.scan(filter.eventID)) {
            if (matches(captured.event, filter) && (await visibility.sees(captured))) {
                yield served(captured);
            }
        }
    }

    async lookup(caller: LedgerIdentity, eventID: string): Promise<EpcisEvent | undefined> {
        const captured = await this.find(caller, eventID);
        return captured && served(captured);
    }

    async find(caller: LedgerIdentity, eventID: string): Promise<CapturedEvent | undefined> {
        const visibility = new Visibility(this.#ledger, caller);
        for (const captured of this.#store.scan(eventID)) {
            if (await visibility.sees(captured)) {
                return captured;
            }
        }
        return undefined;
    }
}

/** A captured event as the query interface answers it. */
export function served(captured: CapturedEvent): EpcisEvent {
    const { '@context': context, ...event } = captured.event as EpcisEvent & { '@context'?: unknown };
    const contexts = [...(Array.isArray(context) ? context : context === undefined ? [] : [context]), { coldtrace: COLDTRACE_EPCIS_NAMESPACE }];
    return { '@context': contexts, ...event, recordTime: captured.recordTime, [CAPTURED_BY]: captured.org };
}

/** What one caller may see, asked of the ledger once per organization, product and query. */
class Visibility {
    #auditor?: Promise<boolean>;
    readonly #products = new Map<string, Promise<boolean>>();

    readonly #ledger: JsonLedgerClient;
    readonly #caller: LedgerIdentity;

    constructor(ledger: JsonLedgerClient, caller: LedgerIdentity) {
        this.#ledger = ledger;
        this.#caller = caller;
    }

    async sees(captured: CapturedEvent): Promise<boolean> {
        if (captured.org === this.#caller.mspId) {
            return true;
        }
        this.#auditor ??= this.#ledger
            .evaluate<Member>(this.#caller, 'member:get', [this.#caller.mspId])
            .then((member) => member.roles.includes('auditor'))
            .catch(() => false);
        if (await this.#auditor) {
            return true;
        }
        for (const reference of productReferences(captured.event)) {
            const key = `${reference.gtin}/${reference.serial}`;
            if (!this.#products.has(key)) {
                this.#products.set(
                    key,
                    this.#ledger
                        .evaluate<Product>(this.#caller, 'product:get', [reference.serial])
                        .then((product) => referencesProduct(reference, product))
                        .catch(() => false),
                );
            }
            if (await this.#products.get(key)) {
                return true;
            }
        }
        return false;
    }
}

/** The serialised products (SGTINs) an event names, wherever it names EPCs. */
function productReferences(event: EpcisEvent): { gtin: string; serial: string }[] {
    const epcs = ['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList'].flatMap((field) => (Array.isArray(event[field]) ? (event[field] as unknown[]) : []));
    if (typeof event.parentID === 'string') {
        epcs.push(event.parentID);
    }
    return epcs.flatMap((epc) => {
        const link = typeof epc === 'string' ? canonicalDigitalLink(epc) : undefined;
        const [, gtin, serial] = (link && /^https:\/\/id\.gs1\.org\/01\/(\d{14})\/21\/(.+)$/.exec(link)) || [];
        return gtin !== undefined && serial !== undefined ? [{ gtin, serial: decodeURIComponent(serial) }] : [];
    });
}

/** Whether an event passes the query language's filters (the subset coldtrace serves). */
export function matches(event: EpcisEvent, filter: EpcisEventFilter): boolean {
    const anyOf = (values: readonly string[] | undefined, actual: unknown) => !values?.length || (typeof actual === 'string' && values.some((v) => sameTerm(v, actual)));
    const time = Date.parse(event.eventTime);
    const epcsOf = (fields: readonly string[]) => fields.flatMap((f) => (Array.isArray(event[f]) ? (event[f] as unknown[]) : [])).filter((v): v is string => typeof v === 'string');
    const quantityClasses = (fields: readonly string[]) =>
        fields.flatMap((f) => (Array.isArray(event[f]) ? (event[f] as { epcClass?: string }[]) : [])).flatMap((q) => (typeof q?.epcClass === 'string' ? [q.epcClass] : []));
    const matchesEpc = (patterns: readonly string[] | undefined, epcs: string[]) => !patterns?.length || epcs.some((epc) => patterns.some((pattern) => epcMatches(pattern, epc)));
    const own = ['epcList', 'inputEPCList', 'outputEPCList'];
    return (
        (!filter.eventID || event.eventID === filter.eventID) &&
        (!filter.eventType?.length || filter.eventType.includes(event.type)) &&
        (!filter.GE_eventTime || time >= Date.parse(filter.GE_eventTime)) &&
        (!filter.LT_eventTime || time < Date.parse(filter.LT_eventTime)) &&
        anyOf(filter.EQ_bizStep, event.bizStep) &&
        anyOf(filter.EQ_disposition, event.disposition) &&
        anyOf(filter.EQ_bizLocation, (event.bizLocation as { id?: string } | undefined)?.id) &&
        matchesEpc(filter.MATCH_epc, [...epcsOf([...own, 'childEPCs'])]) &&
        matchesEpc(filter.MATCH_anyEPC, [
            ...epcsOf([...own, 'childEPCs']),
            ...(typeof event.parentID === 'string' ? [event.parentID] : []),
            ...quantityClasses(['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList']),
        ]) &&
        matchesEpc(filter.MATCH_parentID, typeof event.parentID === 'string' ? [event.parentID] : [])
    );
}

/** A CBV term matches itself in bare, URN or Web URI form. */
function sameTerm(wanted: string, actual: string): boolean {
    const bare = (term: string) => term.replace(/^(?:https:\/\/ref\.gs1\.org\/cbv\/(?:BizStep|Disp)-|urn:epcglobal:cbv:(?:bizstep|disp):)/, '');
    return wanted === actual || bare(wanted) === bare(actual) || canonicalDigitalLink(wanted) === (canonicalDigitalLink(actual) ?? actual);
}

/** MATCH_ parameters compare identifiers whatever their spelling (EPC URN or Digital Link); a `*` pattern matches a class. */
function epcMatches(pattern: string, epc: string): boolean {
    if (pattern === epc) {
        return true;
    }
    const wanted = canonicalDigitalLink(pattern);
    const actual = canonicalDigitalLink(epc);
    if (!wanted || !actual) {
        return false;
    }
    return wanted === actual || (pattern.endsWith('*') && actual.startsWith(`${wanted}/`));
}
