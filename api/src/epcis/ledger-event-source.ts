import type { HandlingUnit, Member, Page, ProductView, TelemetryDigest, Trace } from '@coldtrace/chaincode/model';
import { type JsonLedgerClient, LedgerError, type LedgerIdentity } from '@coldtrace/ledger-client';
import { eventLocator } from './epcis-event-id';
import { EpcisQueryTooLargeError } from './epcis-problem';
import { matchesFilter } from './epcis-event-match';
import type { EpcisEvent, EpcisEventFilter, EpcisEventSource } from './epcis-event-source';
import { byTimeThenId } from './epcis-event-order';
import { mapLedgerRecords } from './ledger-event-mapper';

const DL_SGTIN = /^https:\/\/id\.gs1\.org\/01\/(\d{14})\/21\/([^/?#]+)$/;
const DL_SSCC = /^https:\/\/id\.gs1\.org\/00\/(\d{18})$/;

export interface LedgerEventSourceOptions {
    /**
     * How many products a query without an EPC parameter may read (one `query:trace` each) before it
     * is refused as too large (413): the bound that keeps a query cheap on a big ledger.
     */
    maxScannedProducts?: number;
}

/** What a committed chaincode event names: the record ids a subscription looks up. */
export interface LedgerEventIds {
    serial?: string;
    sscc?: string;
    shipmentId?: string;
    batchId?: string;
}

/**
 * Events mapped from the ledger's records, read with the caller's identity so the chaincode's
 * visibility rules decide what it sees: a product the caller is not party to answers FORBIDDEN and
 * contributes nothing. A query naming EPCs (`MATCH_epc`, `MATCH_anyEPC`, `MATCH_parentID`) reads the
 * products they name (an SSCC: one product of its handling unit, which carries the unit's events);
 * any other query pages through the products the caller may list (`product:list`), at most
 * `maxScannedProducts` of them.
 *
 * @example
 * const source = new LedgerEventSource(ledger);
 * for await (const event of source.events(identity, { MATCH_epc: [sgtinUri(gtin, serial)] })) { … }
 */
export class LedgerEventSource implements EpcisEventSource {
    readonly #maxScannedProducts: number;

    readonly #ledger: JsonLedgerClient;

    constructor(ledger: JsonLedgerClient, options: LedgerEventSourceOptions = {}) {
        this.#ledger = ledger;
        this.#maxScannedProducts = options.maxScannedProducts ?? 2000;
    }

    async *events(caller: LedgerIdentity, filter: EpcisEventFilter): AsyncIterable<EpcisEvent> {
        const reading = new ProductReading(this.#ledger, caller);
        const named = [...(filter.MATCH_epc ?? []), ...(filter.MATCH_anyEPC ?? []), ...(filter.MATCH_parentID ?? [])];
        const serials = named.length ? await reading.serialsNamed(named) : await reading.visibleSerials(this.#maxScannedProducts);
        const events = await reading.eventsOf(serials);
        yield* events.filter((event) => matchesFilter(event, filter)).sort(byTimeThenId);
    }

    /** The event an ID names, read from the one record its ID locates (see `ledgerEventId`); nothing is searched. */
    async lookup(caller: LedgerIdentity, eventID: string): Promise<EpcisEvent | undefined> {
        const locator = eventLocator(eventID);
        if (!locator) {
            return undefined;
        }
        const reading = new ProductReading(this.#ledger, caller);
        const serials =
            locator.kind === 'p'
                ? [locator.id]
                : locator.kind === 'u'
                  ? await reading.serialsNamed([`https://id.gs1.org/00/${locator.id}`])
                  : await reading.serialsOfShipment(locator.id);
        return (await reading.eventsOf(serials)).find((event) => event.eventID === eventID);
    }

    /**
     * The events a committed ledger transaction recorded, as the caller sees them: those of the
     * record it names that carry its transaction id, and (for excursions, reports) the events of
     * that record without one. Subscriptions deliver these.
     */
    async eventsOfTransaction(caller: LedgerIdentity, txId: string, ids: LedgerEventIds): Promise<EpcisEvent[]> {
        const reading = new ProductReading(this.#ledger, caller);
        const serials = ids.serial
            ? [ids.serial]
            : ids.sscc
              ? await reading.serialsNamed([`https://id.gs1.org/00/${ids.sscc}`])
              : ids.shipmentId
                ? await reading.serialsOfShipment(ids.shipmentId)
                : ids.batchId
                  ? await reading.serialsOfBatch(ids.batchId, this.#maxScannedProducts)
                  : [];
        const events = await reading.eventsOf(serials);
        return events.filter((event) => event['coldtrace:ledgerTx'] === txId || event['coldtrace:ledgerTx'] === undefined).sort(byTimeThenId);
    }
}

/** One query's reads: members and digests are read once however many products share them. */
class ProductReading {
    #members?: Promise<Map<string, Member>>;
    readonly #digests = new Map<string, Promise<TelemetryDigest[]>>();

    readonly #ledger: JsonLedgerClient;
    readonly #caller: LedgerIdentity;

    constructor(ledger: JsonLedgerClient, caller: LedgerIdentity) {
        this.#ledger = ledger;
        this.#caller = caller;
    }

    async serialsNamed(epcs: readonly string[]): Promise<string[]> {
        const serials = new Set<string>();
        for (const epc of new Set(epcs)) {
            const [, , serial] = DL_SGTIN.exec(epc) ?? [];
            if (serial !== undefined) {
                serials.add(decodeURIComponent(serial));
                continue;
            }
            const [, sscc] = DL_SSCC.exec(epc) ?? [];
            const unit = sscc === undefined ? undefined : await this.#visible<HandlingUnit>('handlingUnit:get', [sscc]);
            const [first] = unit?.serials ?? [];
            if (first) {
                serials.add(first);
            }
        }
        return [...serials];
    }

    async serialsOfShipment(shipmentId: string): Promise<string[]> {
        const shipment = await this.#visible<{ handlingUnits: string[] }>('shipment:get', [shipmentId]);
        return shipment ? this.serialsNamed(shipment.handlingUnits.map((sscc) => `https://id.gs1.org/00/${sscc}`)) : [];
    }

    async serialsOfBatch(batchId: string, max: number): Promise<string[]> {
        const serials: string[] = [];
        let bookmark = '';
        do {
            const page = await this.#visible<Page<string | { serial: string }>>('batch:listSerials', [batchId, { pageSize: Math.min(1000, max), bookmark }]);
            if (!page) {
                break;
            }
            serials.push(...page.items.map((item) => (typeof item === 'string' ? item : item.serial)));
            bookmark = page.bookmark;
        } while (bookmark && serials.length < max);
        return serials.slice(0, max);
    }

    async visibleSerials(max: number): Promise<string[]> {
        const serials: string[] = [];
        let bookmark = '';
        do {
            const page = await this.#ledger.evaluate<Page<ProductView>>(this.#caller, 'product:list', [{ pageSize: Math.min(1000, max + 1 - serials.length), bookmark }]);
            serials.push(...page.items.map((product) => product.serial));
            bookmark = page.bookmark;
            if (serials.length > max) {
                throw new EpcisQueryTooLargeError(
                    `the query reads more than ${max} products; name them with MATCH_epc, MATCH_anyEPC or MATCH_parentID (a product's Digital Link or its handling unit's SSCC)`,
                );
            }
        } while (bookmark);
        return serials;
    }

    async eventsOf(serials: readonly string[]): Promise<EpcisEvent[]> {
        const byId = new Map<string, EpcisEvent>();
        for (const serial of serials) {
            const trace = await this.#visible<Trace>('query:trace', [serial]);
            if (!trace) {
                continue;
            }
            const digests = trace.shipment ? await this.#digestsOf(trace.shipment.shipmentId) : [];
            for (const event of mapLedgerRecords({ trace, members: await this.#directory(), digests })) {
                byId.set(event.eventID, event);
            }
        }
        return [...byId.values()];
    }

    #directory(): Promise<Map<string, Member>> {
        this.#members ??= this.#ledger.evaluate<Member[]>(this.#caller, 'member:list', []).then((members) => new Map(members.map((m) => [m.mspId, m])));
        return this.#members;
    }

    #digestsOf(shipmentId: string): Promise<TelemetryDigest[]> {
        let digests = this.#digests.get(shipmentId);
        if (!digests) {
            digests = this.#visible<TelemetryDigest[]>('telemetry:listDigests', [shipmentId]).then((found) => found ?? []);
            this.#digests.set(shipmentId, digests);
        }
        return digests;
    }

    /** A read the caller may not make, or of a record that does not exist, yields nothing: an EPCIS query selects, it does not refuse. */
    async #visible<T>(fn: string, args: readonly unknown[]): Promise<T | undefined> {
        try {
            return await this.#ledger.evaluate<T>(this.#caller, fn, args);
        } catch (error) {
            if (error instanceof LedgerError && ['FORBIDDEN', 'ACCESS_DENIED', 'NOT_FOUND', 'INVALID_ARGUMENT'].includes(error.code)) {
                return undefined;
            }
            throw error;
        }
    }
}
