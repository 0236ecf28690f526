import { z } from 'zod';
import {
    amountFitsCurrency,
    BatchFields,
    ClearAnomalyInput,
    CreateShipmentInput,
    ExcursionDispositionInput,
    InvestigateAnomalyInput,
    Limits,
    MEMBER_STATUSES,
    MemberInput,
    MspIdSchema,
    OrderTerms,
    PackInput,
    PlaceOrderInput,
    RecallInput,
    RecordId,
    ReportAnomalyInput,
    SensorId,
    Serial,
    Sscc,
} from '@coldtrace/chaincode/model';

/** How many serials one API request may commission; the API commits them in chunks the chaincode accepts. */
export const MAX_SERIALS_PER_REQUEST = 100_000;

const serialsOrQuantity = {
    serials: z.array(Serial).min(1).max(MAX_SERIALS_PER_REQUEST).optional(),
    quantity: z.number().int().min(1).max(MAX_SERIALS_PER_REQUEST).optional(),
};
const exactlyOne = [
    (v: { serials?: unknown; quantity?: unknown }) => Boolean(v.serials) !== Boolean(v.quantity),
    { message: 'give either serials or quantity', path: ['quantity'] },
] as [(v: { serials?: unknown; quantity?: unknown }) => boolean, { message: string; path: string[] }];

/**
 * `POST /batches`: the batch with up to 100,000 serials, committed in chunks the chaincode takes. The
 * batch appears only once all are on the ledger; sending the same request again (same `batchId`, same
 * body) completes it after a crash and answers as the first would have.
 */
export const CreateBatchBody = z.strictObject({ ...BatchFields, ...serialsOrQuantity }).refine(...exactlyOne);
export type CreateBatchBody = z.input<typeof CreateBatchBody>;

/**
 * `POST /batches/{batchId}/serials`: more serials for a complete batch, as many as one transaction
 * takes, so the addition is all or nothing.
 */
export const CommissionBody = z
    .strictObject({
        serials: z.array(Serial).min(1).max(Limits.serialsPerTransaction).optional(),
        quantity: z.number().int().min(1).max(Limits.numberedSerialsPerTransaction).optional(),
    })
    .refine(...exactlyOne);
export type CommissionBody = z.input<typeof CommissionBody>;

/**
 * `POST /orders`: the order, and optionally its price (a decimal string such as "12.50" with its
 * ISO 4217 currency), which goes to the private collection only.
 */
export const PlaceOrderBody = z
    .strictObject({
        ...PlaceOrderInput.shape,
        unitPrice: OrderTerms.shape.unitPrice.optional(),
        currency: OrderTerms.shape.currency.optional(),
    })
    .refine((o) => (o.unitPrice === undefined) === (o.currency === undefined), { message: 'give unitPrice and currency together', path: ['currency'] })
    .superRefine(amountFitsCurrency('unitPrice'));
export type PlaceOrderBody = z.input<typeof PlaceOrderBody>;

export const PackBody = PackInput;
export type PackBody = z.input<typeof PackBody>;

export const CreateShipmentBody = CreateShipmentInput;
export type CreateShipmentBody = z.input<typeof CreateShipmentBody>;

export const AttachSensorBody = z.strictObject({ sensorId: SensorId });
export type AttachSensorBody = z.input<typeof AttachSensorBody>;

export const ReportAnomalyBody = ReportAnomalyInput;
export type ReportAnomalyBody = z.input<typeof ReportAnomalyBody>;

export const ClearAnomalyBody = ClearAnomalyInput;
export type ClearAnomalyBody = z.input<typeof ClearAnomalyBody>;

/** `POST …/anomalies/{anomalyId}/investigation`: the manufacturer takes the anomaly into investigation, optionally with a note. */
export const InvestigateAnomalyBody = InvestigateAnomalyInput;
export type InvestigateAnomalyBody = z.input<typeof InvestigateAnomalyBody>;

/** `POST …/anomalies/{anomalyId}/recall`: the recall's class (I, II, III) and the holders' instructions. */
export const RecallBody = RecallInput;
export type RecallBody = z.input<typeof RecallBody>;

/** `POST /shipments/{shipmentId}/excursions/{excursionId}/release|reject`: the justification and optionally the SHA-256 of its document. */
export const ExcursionDispositionBody = ExcursionDispositionInput;
export type ExcursionDispositionBody = z.input<typeof ExcursionDispositionBody>;

export const BatchParams = z.strictObject({ batchId: RecordId });
export const AnomalyParams = z.strictObject({ batchId: RecordId, anomalyId: RecordId });
export const ExcursionParams = z.strictObject({ shipmentId: RecordId, excursionId: RecordId });
export const SerialParams = z.strictObject({ serial: Serial });
export const OrderParams = z.strictObject({ orderId: RecordId });
export const OrganizationParams = z.strictObject({ mspId: MspIdSchema });
/** `GET /organizations?status=proposed`: the proposals waiting for approvals; without it every member. */
export const OrganizationsQuery = z.strictObject({ status: z.enum(MEMBER_STATUSES).optional() });
/** A proposed organization: MSP ID, roles, display name, GLN and contact, as the chaincode checks them. */
export const ProposeOrganizationBody = MemberInput;
export const HandlingUnitParams = z.strictObject({ sscc: Sscc });
export const ShipmentParams = z.strictObject({ shipmentId: RecordId });
export const ShipmentSensorParams = z.strictObject({ shipmentId: RecordId, sensorId: SensorId });
/** A serial, an SGTIN URN or a GS1 Digital Link URI (URL-encoded); the chaincode parses it. */
export const ProductReferenceParams = z.strictObject({ ref: z.string().min(1).max(512) });

export const HISTORY_KINDS = ['batch', 'product', 'order', 'handlingUnit', 'shipment', 'sensorAssignment', 'excursion', 'telemetryDigest', 'batchAnomaly'] as const;
/** A record kind and its id; records keyed by several ids take them joined by "~" (excursion: shipmentId~excursionId). */
export const HistoryParams = z.strictObject({ kind: z.enum(HISTORY_KINDS), id: z.string().min(1).max(256) });

/** Answer of the creating routes. */
export interface CreatedBatch {
    batchId: string;
    serials: string[];
}
