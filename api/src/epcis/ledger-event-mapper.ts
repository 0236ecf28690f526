import type { BatchAnomaly, Excursion, HandlingUnit, Member, Shipment, TelemetryDigest, TimelineEntry, Trace } from '@coldtrace/chaincode/model';
import { locationUri, partyUri, sgtinUri, ssccUri } from './epc-format';
import type { EpcisEvent } from './epcis-event-source';
import { type EventCoordinates, ledgerEventId } from './epcis-event-id';

/** GS1's JSON-LD context, and coldtrace's namespace for the steps CBV 2.0 lacks and its ledger link. */
export const EPCIS_CONTEXT = ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { coldtrace: 'https://ns.coldtrace.dev/epcis/' }] as const;

/** The extension field naming the ledger transaction an event was mapped from, so anyone can check it on the chain. */
export const LEDGER_TX_FIELD = 'coldtrace:ledgerTx';

/**
 * Labelling a unit for the shelf and returning it to its manufacturer have no CBV 2.0 business step:
 * coldtrace's own terms, URIs as CBV allows (the `returned` disposition is CBV's).
 */
export const LABELLING_BIZ_STEP = 'coldtrace:labelling';
export const RETURNING_BIZ_STEP = 'coldtrace:returning';

/** What a product's events are mapped from: its trace, the directory (for GLNs) and its shipments' digests. */
export interface LedgerRecords {
    trace: Trace;
    members: ReadonlyMap<string, Pick<Member, 'mspId' | 'gln'>>;
    digests: readonly TelemetryDigest[];
}

/** The product steps that are events on the unit itself: shipping and receiving come from the shipment. */
const PRODUCT_STEPS: Record<string, { bizStep: string; disposition: string; action: 'ADD' | 'OBSERVE' | 'DELETE' } | undefined> = {
    manufactured: { bizStep: 'commissioning', disposition: 'active', action: 'ADD' },
    inspected: { bizStep: 'inspecting', disposition: 'conformant', action: 'OBSERVE' },
    stocked: { bizStep: 'stocking', disposition: 'sellable_accessible', action: 'OBSERVE' },
    labeled: { bizStep: LABELLING_BIZ_STEP, disposition: 'sellable_accessible', action: 'OBSERVE' },
    sold: { bizStep: 'retail_selling', disposition: 'retail_sold', action: 'OBSERVE' },
    returned: { bizStep: RETURNING_BIZ_STEP, disposition: 'returned', action: 'OBSERVE' },
    destroyed: { bizStep: 'destroying', disposition: 'destroyed', action: 'DELETE' },
};

/** Shipment states as events on its handling units; `created` is a plan, not a movement. */
const SHIPMENT_STEPS: Record<string, { bizStep: string; disposition: string; at: 'from' | 'to' | undefined } | undefined> = {
    in_transit: { bizStep: 'shipping', disposition: 'in_transit', at: 'from' },
    delivered: { bizStep: 'arriving', disposition: 'in_transit', at: 'to' },
    received: { bizStep: 'receiving', disposition: 'in_progress', at: 'to' },
};

/**
 * Every EPCIS 2.0 event one product's ledger records tell (CBV 2.0 terms; the table is in
 * docs/epcis.md): the unit's own steps, the packing of its handling unit, its shipment's movements,
 * excursions and telemetry digests, the manufacturer's excursion decisions and its batch's holds and
 * recall. Events of a handling unit or shipment are the same for every product on it (same eventID),
 * so a caller merging several products keeps one of each. Only identifiers, parties and times go in:
 * never an order's terms.
 *
 * @example
 * const events = mapLedgerRecords({ trace, members, digests: [] });
 * events[0].bizStep; // 'commissioning'
 */
export function mapLedgerRecords(records: LedgerRecords): EpcisEvent[] {
    const mapper = new RecordMapper(records);
    return mapper.all();
}

class RecordMapper {
    readonly #trace: Trace;
    readonly #epc: string;

    readonly #records: LedgerRecords;

    constructor(records: LedgerRecords) {
        this.#records = records;
        this.#trace = records.trace;
        this.#epc = sgtinUri(this.#trace.product.gtin, this.#trace.product.serial);
    }

    all(): EpcisEvent[] {
        const trace = this.#trace;
        const events: EpcisEvent[] = [];
        for (const entry of trace.timeline) {
            const step = PRODUCT_STEPS[entry.state];
            if (step) {
                events.push(this.#productEvent(entry, step));
            } else if (entry.state === 'packed') {
                events.push(this.#packing(entry, trace.handlingUnit));
            }
        }
        const shipment = trace.shipment;
        if (shipment) {
            const units = shipment.handlingUnits.map(ssccUri);
            for (const entry of shipment.timeline) {
                const step = SHIPMENT_STEPS[entry.state];
                if (step) {
                    events.push(this.#shipmentEvent(shipment, units, entry, step));
                }
            }
            for (const excursion of trace.excursions.filter((e) => e.shipmentId === shipment.shipmentId)) {
                events.push(...this.#excursionEvents(excursion, units));
            }
            for (const digest of this.#records.digests.filter((d) => d.shipmentId === shipment.shipmentId)) {
                events.push(this.#digestEvent(digest, units));
            }
        }
        for (const anomaly of trace.anomalies) {
            events.push(...this.#anomalyEvents(anomaly));
        }
        return events;
    }

    #productEvent(entry: TimelineEntry, step: NonNullable<(typeof PRODUCT_STEPS)[string]>): EpcisEvent {
        const { batch } = this.#trace;
        const ilmd =
            step.bizStep === 'commissioning' && (batch.lot || batch.expiryDate)
                ? { ilmd: { ...(batch.lot && { 'cbvmda:lotNumber': batch.lot }), ...(batch.expiryDate && { 'cbvmda:itemExpirationDate': batch.expiryDate }) } }
                : {};
        return {
            ...this.#head('ObjectEvent', entry.at, {
                txId: entry.txId,
                step: step.bizStep,
                subject: this.#trace.product.serial,
                locator: { kind: 'p', id: this.#trace.product.serial },
            }),
            epcList: [this.#epc],
            action: step.action,
            bizStep: step.bizStep,
            disposition: step.disposition,
            ...this.#where(entry.org),
            ...ilmd,
        };
    }

    #packing(entry: TimelineEntry, unit: HandlingUnit | undefined): EpcisEvent {
        const { gtin, serial } = this.#trace.product;
        const packedHere = unit && unit.packed.txId === entry.txId;
        return {
            ...this.#head('AggregationEvent', entry.at, {
                txId: entry.txId,
                step: 'packing',
                subject: packedHere ? unit.sscc : serial,
                locator: packedHere ? { kind: 'u', id: unit.sscc } : { kind: 'p', id: serial },
            }),
            ...(packedHere ? { parentID: ssccUri(unit.sscc), childEPCs: unit.serials.map((s) => sgtinUri(unit.gtin || gtin, s)) } : { childEPCs: [this.#epc] }),
            action: 'ADD',
            bizStep: 'packing',
            disposition: 'in_progress',
            ...this.#where(entry.org),
        };
    }

    #shipmentEvent(shipment: Shipment, units: string[], entry: TimelineEntry, step: NonNullable<(typeof SHIPMENT_STEPS)[string]>): EpcisEvent {
        const location = step.at === 'from' ? shipment.from : shipment.to;
        return {
            ...this.#head('ObjectEvent', entry.at, { txId: entry.txId, step: step.bizStep, subject: shipment.shipmentId, locator: { kind: 's', id: shipment.shipmentId } }),
            epcList: units,
            action: 'OBSERVE',
            bizStep: step.bizStep,
            disposition: step.disposition,
            readPoint: { id: this.#location(location) },
            ...(step.at === 'to' && { bizLocation: { id: this.#location(location) } }),
            // The order by its id only: its price stays in the buyer's and seller's private collections.
            bizTransactionList: [{ type: 'po', bizTransaction: `urn:coldtrace:order:${shipment.orderId}` }],
            sourceList: [
                { type: 'owning_party', source: this.#party(shipment.from) },
                { type: 'possessing_party', source: this.#party(step.bizStep === 'shipping' ? shipment.from : shipment.carrier) },
            ],
            destinationList: [
                { type: 'owning_party', destination: this.#party(shipment.to) },
                { type: 'possessing_party', destination: this.#party(step.bizStep === 'receiving' ? shipment.to : shipment.carrier) },
            ],
        };
    }

    #excursionEvents(excursion: Excursion, units: string[]): EpcisEvent[] {
        const subject = `${excursion.shipmentId}/${excursion.excursionId}`;
        const closed = excursion.status === 'closed';
        const events: EpcisEvent[] = [
            {
                ...this.#head('ObjectEvent', excursion.endAt ?? excursion.startAt, {
                    step: `excursion-${excursion.status}`,
                    subject,
                    locator: { kind: 's', id: excursion.shipmentId },
                }),
                epcList: units,
                action: 'OBSERVE',
                bizStep: 'sensor_reporting',
                // A closed excursion holds the units until their manufacturer decides.
                disposition: closed ? 'non_sellable_other' : 'in_transit',
                sensorElementList: [
                    {
                        sensorMetadata: { deviceID: sensorUri(excursion.sensorId), startTime: excursion.startAt, ...(excursion.endAt && { endTime: excursion.endAt }) },
                        sensorReport: [
                            {
                                type: 'gs1:Temperature',
                                exception: 'ALARM_CONDITION',
                                uom: 'CEL',
                                [excursion.kind === 'high' ? 'maxValue' : 'minValue']: excursion.peakC,
                                ...(excursion.meanKineticC !== undefined && { meanValue: excursion.meanKineticC }),
                            },
                        ],
                    },
                ],
            },
        ];
        const decision = excursion.disposition;
        if (decision) {
            events.push({
                ...this.#head('ObjectEvent', decision.at, {
                    txId: decision.txId,
                    step: `excursion-${decision.decision}`,
                    subject,
                    locator: { kind: 's', id: excursion.shipmentId },
                }),
                epcList: units,
                action: 'OBSERVE',
                bizStep: 'inspecting',
                disposition: decision.decision === 'released' ? 'conformant' : 'non_conformant',
                ...this.#where(decision.org),
            });
        }
        return events;
    }

    #digestEvent(digest: TelemetryDigest, units: string[]): EpcisEvent {
        return {
            ...this.#head('ObjectEvent', digest.windowEnd, {
                txId: digest.txId,
                step: 'sensor_reporting',
                subject: `${digest.shipmentId}/${digest.sensorId}/${digest.windowStart}`,
                locator: { kind: 's', id: digest.shipmentId },
            }),
            epcList: units,
            action: 'OBSERVE',
            bizStep: 'sensor_reporting',
            disposition: 'in_transit',
            sensorElementList: [
                {
                    sensorMetadata: {
                        deviceID: sensorUri(digest.sensorId),
                        startTime: digest.windowStart,
                        endTime: digest.windowEnd,
                        // The Merkle root of the raw readings kept off chain: whoever holds them can prove them.
                        rawData: `ni:///sha-256;${Buffer.from(digest.merkleRoot, 'hex').toString('base64url')}`,
                    },
                    sensorReport: [{ type: 'gs1:Temperature', uom: 'CEL', minValue: digest.minC, maxValue: digest.maxC }],
                },
            ],
        };
    }

    /** A batch's hold and recall as events on this unit, unless it was sold before (the sale stands). */
    #anomalyEvents(anomaly: BatchAnomaly): EpcisEvent[] {
        const { serial } = this.#trace.product;
        const soldAt = this.#trace.timeline.find((entry) => entry.state === 'sold')?.at;
        const steps: { at: string; txId?: string; org: string; step: string; bizStep: string; disposition: string }[] = [
            { at: anomaly.reportedAt, org: anomaly.reporter, step: `hold-${anomaly.anomalyId}`, bizStep: 'holding', disposition: 'non_sellable_other' },
        ];
        if (anomaly.investigation) {
            steps.push({ ...anomaly.investigation, step: 'investigation', bizStep: 'inspecting', disposition: 'non_sellable_other' });
        }
        if (anomaly.cleared) {
            steps.push({ ...anomaly.cleared, step: 'clearance', bizStep: 'inspecting', disposition: 'conformant' });
        }
        if (anomaly.recall) {
            steps.push({ ...anomaly.recall, step: 'recall', bizStep: 'holding', disposition: 'recalled' });
        }
        return steps
            .filter((step) => !soldAt || Date.parse(step.at) < Date.parse(soldAt))
            .map((step) => ({
                ...this.#head('ObjectEvent', step.at, {
                    txId: step.txId,
                    step: step.step,
                    subject: `${anomaly.batchId}/${anomaly.anomalyId}/${serial}`,
                    locator: { kind: 'p', id: serial },
                }),
                epcList: [this.#epc],
                action: 'OBSERVE',
                bizStep: step.bizStep,
                disposition: step.disposition,
                ...this.#where(step.org),
            }));
    }

    #head(type: string, at: string, coordinates: EventCoordinates): EpcisEvent {
        return {
            '@context': EPCIS_CONTEXT,
            type,
            eventID: ledgerEventId(coordinates),
            eventTime: at,
            eventTimeZoneOffset: '+00:00',
            ...(coordinates.txId && { [LEDGER_TX_FIELD]: coordinates.txId }),
        };
    }

    /** Where the organization that took a step keeps the goods: its premises' GLN. */
    #where(org: string): { readPoint: { id: string }; bizLocation: { id: string } } {
        const id = this.#location(org);
        return { readPoint: { id }, bizLocation: { id } };
    }

    #location(mspId: string): string {
        return locationUri(mspId, this.#records.members.get(mspId)?.gln);
    }

    #party(mspId: string): string {
        return partyUri(mspId, this.#records.members.get(mspId)?.gln);
    }
}

/** A sensor by coldtrace's id for it: sensors have no GS1 identifier on the ledger. */
function sensorUri(sensorId: string): string {
    return `urn:coldtrace:sensor:${encodeURIComponent(sensorId)}`;
}
