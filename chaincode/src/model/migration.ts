import { z } from 'zod';
import { eventHashDigest } from './epcis-anchor';

/**
 * The record kinds `migration:import` takes, in the order a migration imports them: every record
 * is imported after the records its rights are decided from (a batch before its products and
 * anomalies, a shipment before its sensor assignments). Members and their approvals are not among
 * them: the target consortium admits its own members.
 */
export const IMPORT_KINDS = ['batch', 'order', 'handlingUnit', 'shipment', 'product', 'sensorAssignment', 'excursion', 'telemetryDigest', 'batchAnomaly', 'epcisAnchor'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Where an imported record came from: the source network, and the transaction that last wrote it there. */
export const SourceStep = z.strictObject({
    sourceTxId: z.string().min(1).max(128),
    /** The source transaction's timestamp, ISO-8601. */
    sourceTime: z.string().min(1).max(40),
    /** The MSP of the source transaction's creator. */
    sourceMsp: z.string().min(1).max(64),
});
export type SourceStep = z.infer<typeof SourceStep>;

export const Provenance = SourceStep.extend({ sourceNetwork: z.string().min(1).max(100) });
export type Provenance = z.infer<typeof Provenance>;

/** Most records one `migration:import` transaction takes. */
export const IMPORT_PAGE_LIMIT = 100;

/** One record to import: its key (kind and ids), its value as the source kept it or as mapped, and where it came from. */
export const ImportRecord = z.strictObject({
    kind: z.enum(IMPORT_KINDS),
    ids: z.array(z.string().min(1).max(256)).min(1).max(4),
    value: z.record(z.string(), z.unknown()),
    /** The source transaction that last wrote the record. */
    provenance: SourceStep,
    /** Every source transaction that wrote the record's key, oldest first; the last one is `provenance`. */
    history: z.array(SourceStep).min(1).max(1000),
});
export type ImportRecord = z.infer<typeof ImportRecord>;

/** `migration:import`: one page of records from one source network. */
export const ImportPage = z.strictObject({
    sourceNetwork: z.string().min(1).max(100),
    records: z.array(ImportRecord).min(1).max(IMPORT_PAGE_LIMIT),
});
export type ImportPage = z.infer<typeof ImportPage>;

/** `migration:records`: a page of the records a source network's migration imported. */
export const ImportedRecordsQuery = z.strictObject({
    sourceNetwork: z.string().min(1).max(100),
    pageSize: z.number().int().min(1).max(1000).default(200),
    bookmark: z.string().max(1024).default(''),
});
export type ImportedRecordsQuery = z.input<typeof ImportedRecordsQuery>;

/** What the ledger keeps beside an imported record: its provenance and key history, and who imported it. */
export interface ImportedRecord {
    docType: 'imported';
    kind: ImportKind;
    ids: string[];
    sourceNetwork: string;
    provenance: SourceStep;
    history: SourceStep[];
    /** SHA-256 of the canonical JSON of the value as imported. */
    valueSha256: string;
    importedBy: { org: string; user: string };
    importedAt: string;
    txId: string;
}

/** One imported record as `migration:records` answers it: what sits at the key now (null when nothing), and its import. */
export interface ImportedEntry {
    kind: ImportKind;
    ids: string[];
    value: Record<string, unknown> | null;
    imported: ImportedRecord;
}

/** What `migration:import` answers: the keys it wrote and the ones already there with the same content. */
export interface ImportResult {
    imported: number;
    unchanged: number;
}

type Value = Record<string, unknown>;

/**
 * The key ids of a record, from its own fields: an import's ids must be these, so a record can only
 * land under its own key.
 *
 * @example
 * recordIds('excursion', { shipmentId: 'S1', excursionId: 'E1' }); // ['S1', 'E1']
 */
export function recordIds(kind: ImportKind, value: Value): string[] {
    const text = (field: string): string => (typeof value[field] === 'string' ? value[field] : '');
    switch (kind) {
        case 'batch':
            return [text('batchId')];
        case 'order':
            return [text('orderId')];
        case 'handlingUnit':
            return [text('sscc')];
        case 'shipment':
            return [text('shipmentId')];
        case 'product':
            return [text('serial')];
        case 'sensorAssignment':
            return [text('sensorId')];
        case 'excursion':
            return [text('shipmentId'), text('excursionId')];
        case 'telemetryDigest':
            return [text('shipmentId'), text('sensorId'), text('windowStart')];
        case 'batchAnomaly':
            return [text('batchId'), text('anomalyId')];
        case 'epcisAnchor':
            return [eventHashDigest(text('hash'))];
    }
}

/**
 * The record another one's rights come from, when it names none of its parties itself: an
 * anomaly's batch, a sensor assignment's shipment.
 *
 * @example
 * relatedRecord('batchAnomaly', anomaly); // { kind: 'batch', ids: ['B1'] }
 */
export function relatedRecord(kind: ImportKind, value: Value): { kind: ImportKind; ids: string[] } | undefined {
    if (kind === 'batchAnomaly' && typeof value.batchId === 'string') {
        return { kind: 'batch', ids: [value.batchId] };
    }
    if (kind === 'sensorAssignment' && typeof value.shipmentId === 'string') {
        return { kind: 'shipment', ids: [value.shipmentId] };
    }
    return undefined;
}

/**
 * The organizations party to a record, who may import it: the parties it lists, its manufacturer
 * and, for an EPCIS anchor, the organization that captured the event; for a record that lists none
 * (an anomaly, a sensor assignment), the parties of its related record.
 *
 * @example
 * importParties('batch', { manufacturer: 'M', parties: ['M'] }); // ['M']
 */
export function importParties(kind: ImportKind, value: Value, related?: Value): string[] {
    const source = relatedRecord(kind, value) ? (related ?? {}) : value;
    const named = [source.manufacturer, kind === 'epcisAnchor' ? source.org : undefined].filter((org): org is string => typeof org === 'string');
    const listed = Array.isArray(source.parties) ? source.parties.filter((org): org is string => typeof org === 'string') : [];
    return [...new Set([...named, ...listed])];
}
