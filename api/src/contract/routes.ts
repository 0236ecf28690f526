import {
    BULK_STEPS,
    BulkStepInput,
    type BulkStep,
    type BulkStepResult,
    bulkTransaction,
    memberRolesFor,
    type MemberRole,
    type TransactionName,
    ORDER_STATES,
    ALL_PRODUCT_STATES,
    SHIPMENT_STATES,
    type Batch,
    type BatchAnomaly,
    type Excursion,
    type HandlingUnit,
    type HistoryEntry,
    type Member,
    type MemberMotion,
    type Order,
    type OrderTerms,
    type Page,
    type Product,
    type ProductView,
    type PublicProvenance,
    type Shipment,
    type TelemetryDigest,
    type Trace,
} from '@coldtrace/chaincode/model';
import { LoginRequest, type LoginResponse, type UserView } from './auth-payloads';
import { OidcCodeExchange, type OidcProviderView } from './oidc-payloads';
import { type BatchImpact, ImpactQuery } from './impact-payloads';
import { listQuery } from './list-query';
import {
    AnomalyParams,
    AttachSensorBody,
    BatchParams,
    ClearAnomalyBody,
    CommissionBody,
    CreateBatchBody,
    CreateShipmentBody,
    type CreatedBatch,
    ExcursionDispositionBody,
    ExcursionParams,
    HandlingUnitParams,
    HistoryParams,
    InvestigateAnomalyBody,
    OrderParams,
    OrganizationParams,
    OrganizationsQuery,
    ProposeOrganizationBody,
    PackBody,
    PlaceOrderBody,
    ProductReferenceParams,
    RecallBody,
    ReportAnomalyBody,
    SerialParams,
    ShipmentParams,
    ShipmentSensorParams,
} from './record-payloads';
import { DeliveriesQuery, DeliveryParams, type NotificationDelivery, NotificationParams, NotificationSettingsBody, type NotificationSettingsView } from './notification-payloads';
import { defineRoute } from './route';
import { telemetryIngestionRoutes } from './telemetry-ingestion-routes';
import {
    CertificateRequestBody,
    type IssuedDeviceCertificate,
    type RegisteredSensor,
    RegisterSensorBody,
    SensorParams,
    ShipmentTelemetryParams,
    type TelemetryPage,
    TelemetryQuery,
    type TelemetryVerification,
} from '@coldtrace/telemetry/contract';

/** The hash-chain check of the ledger an auditor asks for. */
export interface ChainVerification {
    ok: boolean;
    ledger: 'embedded' | 'fabric';
    height: number;
    checkedBlocks: number;
    /** The first block whose bytes no longer match the chain, when not ok. */
    firstBadBlock?: number;
    reason?: string;
}

type ProductStep = 'inspect' | 'stock' | 'label' | 'sell' | 'return' | 'destroy';
type ShipmentStep = 'pickup' | 'deliver' | 'receive';

// Routes the chaincode cannot judge (sensor registration, the chain walk) keep their roles here.
const C = ['carrier'] as const;
const A = ['auditor'] as const;

/**
 * A route's chaincode transaction and the roles the rules table lets call it: derived, never
 * written by hand, so the API documents exactly what the chaincode enforces.
 */
function allowedBy(transaction: TransactionName): { transaction: TransactionName; roles: readonly MemberRole[] } {
    return { transaction, roles: memberRolesFor(transaction) };
}

/**
 * Every route of the coldtrace REST API, below `/api/v1`. The server, the typed client, the
 * OpenAPI document and the tests all read this one table.
 *
 * @example
 * const { batchId } = await client.call('createBatch', { body: { gtin, productName, quantity: 100, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 } });
 */
export const routes = {
    login: defineRoute<LoginResponse>()({
        method: 'POST',
        path: '/auth/login',
        tag: 'auth',
        access: 'public',
        status: 200,
        summary: 'Sign in; answers a bearer token',
        body: LoginRequest,
    }),
    me: defineRoute<UserView>()({ method: 'GET', path: '/auth/me', tag: 'auth', access: 'user', status: 200, summary: 'The signed-in user' }),
    signInProviders: defineRoute<OidcProviderView[]>()({
        method: 'GET',
        path: '/auth/providers',
        tag: 'auth',
        access: 'public',
        status: 200,
        summary: 'The organizations’ OpenID Connect providers the sign-in page offers: authorization endpoint, client id and scope, for an authorization code flow with PKCE',
    }),
    oidcSignIn: defineRoute<LoginResponse>()({
        method: 'POST',
        path: '/auth/oidc/token',
        tag: 'auth',
        access: 'public',
        status: 200,
        body: OidcCodeExchange,
        summary:
            'Exchange an authorization code of an organization’s OpenID provider (with its PKCE verifier) for the provider’s access token, checked and mapped to the user, role and organization; the token is then the bearer token',
    }),

    createBatch: defineRoute<CreatedBatch>()({
        method: 'POST',
        path: '/batches',
        tag: 'batches',
        ...allowedBy('batch:create'),
        access: 'user',
        status: 201,
        body: CreateBatchBody,
        summary:
            'Create a batch and commission its serials (over 2,000 listed ones are committed in several transactions; up to 100,000 numbered by a quantity in one); all or nothing, and the same request sent again completes it',
    }),
    commissionSerials: defineRoute<CreatedBatch>()({
        method: 'POST',
        path: '/batches/{batchId}/serials',
        tag: 'batches',
        ...allowedBy('batch:commission'),
        access: 'user',
        status: 201,
        params: BatchParams,
        body: CommissionBody,
        summary: 'Commission more serials into a complete batch in one transaction: at most 2,000 listed, or 100,000 numbered by a quantity',
    }),
    listBatches: defineRoute<Page<Batch>>()({
        method: 'GET',
        path: '/batches',
        tag: 'batches',
        ...allowedBy('batch:list'),
        access: 'user',
        status: 200,
        query: listQuery(),
        summary: 'Batches the caller is party to (auditors: all)',
    }),
    getBatch: defineRoute<Batch>()({
        method: 'GET',
        path: '/batches/{batchId}',
        tag: 'batches',
        ...allowedBy('batch:get'),
        access: 'user',
        status: 200,
        params: BatchParams,
        summary: 'One batch, for its parties, organizations that held one of its serials, and auditors',
    }),
    listBatchSerials: defineRoute<Page<string>>()({
        method: 'GET',
        path: '/batches/{batchId}/serials',
        tag: 'batches',
        ...allowedBy('batch:listSerials'),
        access: 'user',
        status: 200,
        params: BatchParams,
        query: listQuery(),
        summary: 'The serials of a batch, a page at a time (the hold list); for its parties, organizations that held one of its serials, and auditors',
    }),
    batchImpact: defineRoute<BatchImpact>()({
        method: 'GET',
        path: '/batches/{batchId}/impact',
        tag: 'batches',
        ...allowedBy('batch:impact'),
        access: 'user',
        status: 200,
        params: BatchParams,
        query: ImpactQuery,
        summary:
            'Every unit of a batch the caller may see (a holder: those it holds or held; the manufacturer and auditors: all) with state, owner, custodian, last shipment and its last known position, sale and hold; totals per state and organization; filters; JSON, or CSV with ?format=csv or Accept: text/csv',
    }),
    reportAnomaly: defineRoute<BatchAnomaly>()({
        method: 'POST',
        path: '/batches/{batchId}/anomalies',
        tag: 'batches',
        ...allowedBy('anomaly:report'),
        access: 'user',
        status: 201,
        params: BatchParams,
        body: ReportAnomalyBody,
        summary:
            'Report a batch anomaly from a complaint (the batch’s manufacturer, or an organization that holds or held one of its serials); while open it holds the batch: no serial of it is shipped, labeled or sold',
    }),
    investigateAnomaly: defineRoute<BatchAnomaly>()({
        method: 'POST',
        path: '/batches/{batchId}/anomalies/{anomalyId}/investigation',
        tag: 'batches',
        ...allowedBy('anomaly:investigate'),
        access: 'user',
        status: 200,
        params: AnomalyParams,
        body: InvestigateAnomalyBody,
        summary: 'Take a reported anomaly into investigation, optionally with a note (the batch’s manufacturer); the batch stays on hold',
    }),
    clearAnomaly: defineRoute<BatchAnomaly>()({
        method: 'POST',
        path: '/batches/{batchId}/anomalies/{anomalyId}/clear',
        tag: 'batches',
        ...allowedBy('anomaly:clear'),
        access: 'user',
        status: 200,
        params: AnomalyParams,
        body: ClearAnomalyBody,
        summary: 'Clear a reported or investigated anomaly, with a reason (the batch’s manufacturer); the hold ends when no anomaly holds the batch',
    }),
    recallBatch: defineRoute<BatchAnomaly>()({
        method: 'POST',
        path: '/batches/{batchId}/anomalies/{anomalyId}/recall',
        tag: 'batches',
        ...allowedBy('anomaly:recall'),
        access: 'user',
        status: 200,
        params: AnomalyParams,
        body: RecallBody,
        summary:
            'Confirm the recall of the batch on a reported or investigated anomaly, with its class (I, II, III) and instructions (the batch’s manufacturer): every unit is recalled, its holders return or destroy it, sold units stay sold',
    }),

    listOrganizations: defineRoute<Member[]>()({
        method: 'GET',
        path: '/organizations',
        tag: 'organizations',
        ...allowedBy('member:list'),
        access: 'user',
        status: 200,
        query: OrganizationsQuery,
        summary:
            'The consortium’s member organizations: MSP ID, roles, display name, GLN, contact, joined-at and status; ?status=proposed lists the proposals waiting for approvals',
    }),
    proposeOrganization: defineRoute<Member>()({
        method: 'POST',
        path: '/organizations',
        tag: 'organizations',
        ...allowedBy('member:propose'),
        access: 'user',
        status: 201,
        body: ProposeOrganizationBody,
        summary:
            'Propose an organization for membership (administrators only); it joins once a majority of the active members’ administrators approved. On the embedded ledger its CA and MSP are created at once',
    }),
    approveOrganization: organizationMotion(
        'approvals',
        'member:approve',
        'Approve the admission of a proposed organization, once per organization; the approval that reaches a majority of the active members admits it',
    ),
    rejectOrganization: organizationMotion('rejections', 'member:reject', 'Approve rejecting a proposed organization, once per organization; a majority drops the proposal'),
    suspendOrganization: organizationMotion(
        'suspensions',
        'member:suspend',
        'Approve suspending an active member, once per organization; a majority suspends it (it then reads its history but writes nothing)',
    ),
    reinstateOrganization: organizationMotion(
        'reinstatements',
        'member:reinstate',
        'Approve reinstating a suspended member, once per organization; a majority makes it active again',
    ),
    listOrganizationMotions: defineRoute<MemberMotion[]>()({
        method: 'GET',
        path: '/organizations/{mspId}/motions',
        tag: 'organizations',
        ...allowedBy('member:motions'),
        access: 'user',
        status: 200,
        params: OrganizationParams,
        summary:
            'The open motions on an organization (admit or reject a proposed one, suspend an active one, reinstate a suspended one), with the organizations that approved and the majority required',
    }),
    getOrganization: defineRoute<Member>()({
        method: 'GET',
        path: '/organizations/{mspId}',
        tag: 'organizations',
        ...allowedBy('member:get'),
        access: 'user',
        status: 200,
        params: OrganizationParams,
        summary: 'One member organization',
    }),

    // Before the single-serial steps: Express would read /products/bulk/stock as the serial "bulk".
    ...bulkStepRoutes(),
    listProducts: defineRoute<Page<ProductView>>()({
        method: 'GET',
        path: '/products',
        tag: 'products',
        ...allowedBy('product:list'),
        access: 'user',
        status: 200,
        query: listQuery(ALL_PRODUCT_STATES),
        summary: 'Products the caller is party to',
    }),
    getProduct: defineRoute<ProductView>()({
        method: 'GET',
        path: '/products/{serial}',
        tag: 'products',
        ...allowedBy('product:get'),
        access: 'user',
        status: 200,
        params: SerialParams,
        summary: 'One product',
    }),
    inspectProduct: productStep('inspect'),
    stockProduct: productStep('stock'),
    labelProduct: productStep('label'),
    sellProduct: productStep('sell'),
    returnProduct: productStep('return'),
    destroyProduct: productStep('destroy'),

    placeOrder: defineRoute<{ orderId: string }>()({
        method: 'POST',
        path: '/orders',
        tag: 'orders',
        ...allowedBy('order:place'),
        access: 'user',
        status: 201,
        body: PlaceOrderBody,
        summary: 'Place an order with a manufacturer; the price goes to a private collection of the two parties',
    }),
    acceptOrder: defineRoute<Order>()({
        method: 'POST',
        path: '/orders/{orderId}/accept',
        tag: 'orders',
        ...allowedBy('order:accept'),
        access: 'user',
        status: 200,
        params: OrderParams,
        summary: 'Accept an order',
    }),
    listOrders: defineRoute<Page<Order>>()({
        method: 'GET',
        path: '/orders',
        tag: 'orders',
        ...allowedBy('order:list'),
        access: 'user',
        status: 200,
        query: listQuery(ORDER_STATES),
        summary: 'Orders the caller is party to',
    }),
    getOrder: defineRoute<Order>()({
        method: 'GET',
        path: '/orders/{orderId}',
        tag: 'orders',
        ...allowedBy('order:get'),
        access: 'user',
        status: 200,
        params: OrderParams,
        summary: 'One order',
    }),
    getOrderTerms: defineRoute<OrderTerms & { orderId: string }>()({
        method: 'GET',
        path: '/orders/{orderId}/terms',
        tag: 'orders',
        ...allowedBy('order:getTerms'),
        access: 'user',
        status: 200,
        params: OrderParams,
        summary: 'The order’s price: only its manufacturer and retailer can read it',
    }),

    packHandlingUnit: defineRoute<{ sscc: string }>()({
        method: 'POST',
        path: '/handling-units',
        tag: 'handling units',
        ...allowedBy('handlingUnit:pack'),
        access: 'user',
        status: 201,
        body: PackBody,
        summary: 'Pack inspected serials into a handling unit (SSCC-18; assigned when not given)',
    }),
    getHandlingUnit: defineRoute<HandlingUnit>()({
        method: 'GET',
        path: '/handling-units/{sscc}',
        tag: 'handling units',
        ...allowedBy('handlingUnit:get'),
        access: 'user',
        status: 200,
        params: HandlingUnitParams,
        summary: 'One handling unit',
    }),

    createShipment: defineRoute<{ shipmentId: string }>()({
        method: 'POST',
        path: '/shipments',
        tag: 'shipments',
        ...allowedBy('shipment:create'),
        access: 'user',
        status: 201,
        body: CreateShipmentBody,
        summary: 'Create a shipment of handling units against an accepted order',
    }),
    listShipments: defineRoute<Page<Shipment>>()({
        method: 'GET',
        path: '/shipments',
        tag: 'shipments',
        ...allowedBy('shipment:list'),
        access: 'user',
        status: 200,
        query: listQuery(SHIPMENT_STATES),
        summary: 'Shipments the caller is party to',
    }),
    getShipment: defineRoute<Shipment>()({
        method: 'GET',
        path: '/shipments/{shipmentId}',
        tag: 'shipments',
        ...allowedBy('shipment:get'),
        access: 'user',
        status: 200,
        params: ShipmentParams,
        summary: 'One shipment',
    }),
    pickupShipment: shipmentStep('pickup'),
    deliverShipment: shipmentStep('deliver'),
    receiveShipment: shipmentStep('receive'),
    attachSensor: defineRoute<Shipment>()({
        method: 'POST',
        path: '/shipments/{shipmentId}/sensors',
        tag: 'shipments',
        ...allowedBy('shipment:attachSensor'),
        access: 'user',
        status: 201,
        params: ShipmentParams,
        body: AttachSensorBody,
        summary: 'Attach a sensor to a shipment; its readings count from now on',
    }),
    detachSensor: defineRoute<Shipment>()({
        method: 'DELETE',
        path: '/shipments/{shipmentId}/sensors/{sensorId}',
        tag: 'shipments',
        ...allowedBy('shipment:detachSensor'),
        access: 'user',
        status: 200,
        params: ShipmentSensorParams,
        summary: 'Detach a sensor; its later readings no longer count',
    }),
    listExcursions: defineRoute<Excursion[]>()({
        method: 'GET',
        path: '/shipments/{shipmentId}/excursions',
        tag: 'shipments',
        ...allowedBy('telemetry:listExcursions'),
        access: 'user',
        status: 200,
        params: ShipmentParams,
        summary: 'Temperature excursions recorded for a shipment',
    }),
    releaseExcursion: excursionDisposition(
        'release',
        'Release the units a closed excursion holds, with the stability justification and optionally the SHA-256 of its document (the manufacturer of the goods); they may be labeled and sold again',
    ),
    rejectExcursion: excursionDisposition(
        'reject',
        'Reject the units a closed excursion holds, with the justification (the manufacturer of the goods); their holders return or destroy them',
    ),
    listDigests: defineRoute<TelemetryDigest[]>()({
        method: 'GET',
        path: '/shipments/{shipmentId}/digests',
        tag: 'shipments',
        ...allowedBy('telemetry:listDigests'),
        access: 'user',
        status: 200,
        params: ShipmentParams,
        summary: 'Telemetry digests anchored for a shipment',
    }),

    registerSensor: defineRoute<RegisteredSensor>()({
        method: 'POST',
        path: '/sensors',
        tag: 'sensors',
        access: 'user',
        status: 201,
        roles: C,
        body: RegisterSensorBody,
        summary: 'Register a sensor to the calling carrier, so it may be certified and provisioned',
    }),
    certifySensor: defineRoute<IssuedDeviceCertificate>()({
        method: 'POST',
        path: '/sensors/{sensorId}/certificate',
        tag: 'sensors',
        access: 'user',
        status: 201,
        roles: C,
        params: SensorParams,
        body: CertificateRequestBody,
        summary: 'Sign a registered sensor’s CSR with the device CA; the private key never leaves the device',
    }),
    shipmentTelemetry: defineRoute<TelemetryPage>()({
        method: 'GET',
        path: '/shipments/{shipmentId}/telemetry',
        tag: 'shipments',
        access: 'user',
        status: 200,
        params: ShipmentTelemetryParams,
        query: TelemetryQuery,
        summary: 'Raw readings of a shipment’s sensors, in event-time order, a page at a time (parties of the shipment)',
    }),
    verifyShipmentTelemetry: defineRoute<TelemetryVerification>()({
        method: 'GET',
        path: '/shipments/{shipmentId}/telemetry/verify',
        tag: 'shipments',
        access: 'user',
        status: 200,
        params: ShipmentTelemetryParams,
        summary: 'Check every stored window of readings against the digest anchored on the ledger; names any that does not match',
    }),

    trace: defineRoute<Trace>()({
        method: 'GET',
        path: '/trace/{ref}',
        tag: 'trace',
        ...allowedBy('query:trace'),
        access: 'user',
        status: 200,
        params: ProductReferenceParams,
        summary: 'The whole story of a serial (a serial, SGTIN URN or URL-encoded GS1 Digital Link URI)',
    }),
    publicProvenance: defineRoute<PublicProvenance>()({
        method: 'GET',
        path: '/public/provenance/{ref}',
        tag: 'trace',
        ...allowedBy('query:publicProvenance'),
        access: 'public',
        status: 200,
        params: ProductReferenceParams,
        summary:
            'What a consumer may see of a serial: product, batch, dates, whether the cold chain held, whether the batch is on hold (a reference whose GTIN is not the product’s is 404)',
    }),
    history: defineRoute<HistoryEntry[]>()({
        method: 'GET',
        path: '/history/{kind}/{id}',
        tag: 'audit',
        ...allowedBy('query:history'),
        access: 'user',
        status: 200,
        params: HistoryParams,
        summary: 'Every version of a ledger record (ids of multi-key records joined by "~")',
    }),
    getNotificationSettings: defineRoute<NotificationSettingsView>()({
        method: 'GET',
        path: '/organizations/{mspId}/notifications',
        tag: 'notifications',
        access: 'user',
        status: 200,
        params: NotificationParams,
        summary:
            'Who the organization’s notifications go to: e-mail addresses (with their language) and webhooks (never their secrets), each with the kinds of event it receives; the organization’s administrators only',
    }),
    putNotificationSettings: defineRoute<NotificationSettingsView>()({
        method: 'PUT',
        path: '/organizations/{mspId}/notifications',
        tag: 'notifications',
        access: 'user',
        status: 200,
        params: NotificationParams,
        body: NotificationSettingsBody,
        summary:
            'Replace the organization’s recipients; a webhook sent without its secret keeps the stored one. Kept on this node, never on the ledger; the organization’s administrators only',
    }),
    listNotificationDeliveries: defineRoute<NotificationDelivery[]>()({
        method: 'GET',
        path: '/organizations/{mspId}/notifications/deliveries',
        tag: 'notifications',
        access: 'user',
        status: 200,
        params: NotificationParams,
        query: DeliveriesQuery,
        summary: 'The organization’s deliveries in this node’s outbox, newest first: pending (with the next attempt), delivered, or failed after every retry (with the last error)',
    }),
    retryNotificationDelivery: defineRoute<NotificationDelivery>()({
        method: 'POST',
        path: '/organizations/{mspId}/notifications/deliveries/{key}/retry',
        tag: 'notifications',
        access: 'user',
        status: 200,
        params: DeliveryParams,
        summary: 'Try a failed delivery again, from its first attempt (e.g. once the recipient’s server is fixed); the organization’s administrators only',
    }),
    ...telemetryIngestionRoutes,

    verifyLedger: defineRoute<ChainVerification>()({
        method: 'GET',
        path: '/ledger/verify',
        tag: 'audit',
        access: 'user',
        status: 200,
        roles: A,
        summary: 'Walk the hash chain of blocks',
    }),
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;

/** One organization's approval of a motion on a member: answers the motion as it stands (`carried` once a majority approved). */
function organizationMotion<const T extends 'member:approve' | 'member:reject' | 'member:suspend' | 'member:reinstate'>(resource: string, transaction: T, summary: string) {
    return defineRoute<MemberMotion>()({
        method: 'POST',
        path: `/organizations/{mspId}/${resource}`,
        tag: 'organizations',
        ...allowedBy(transaction),
        access: 'user',
        status: 201,
        params: OrganizationParams,
        summary,
    });
}

/** A step answers the product record as written; its derived flags come with reads. */
function productStep(step: ProductStep) {
    return defineRoute<Product>()({
        method: 'POST',
        path: `/products/{serial}/${step}`,
        tag: 'products',
        ...allowedBy(`product:${step}`),
        access: 'user',
        status: 200,
        params: SerialParams,
        summary: {
            inspect: 'Record the quality inspection of a product',
            stock: 'Put a received product in stock',
            label: 'Label a stocked product for sale',
            sell: 'Record the sale of a product',
            return: 'Return a recalled or rejected product to its manufacturer (its owner or custodian), who owns and holds it again',
            destroy: 'Record the destruction of a recalled or rejected product (its owner or custodian; the manufacturer also for units returned to it)',
        }[step],
    });
}

/** The manufacturer's decision on a closed excursion's units, written on the excursion: answers the excursion with it. */
function excursionDisposition(decision: 'release' | 'reject', summary: string) {
    return defineRoute<Excursion>()({
        method: 'POST',
        path: `/shipments/{shipmentId}/excursions/{excursionId}/${decision}`,
        tag: 'shipments',
        ...allowedBy(`excursion:${decision}`),
        access: 'user',
        status: 200,
        params: ExcursionParams,
        body: ExcursionDispositionBody,
        summary,
    });
}

/** The route name of a bulk step: `bulkStock`. */
export type BulkStepRouteName<S extends BulkStep = BulkStep> = `bulk${Capitalize<S>}`;

/**
 * `POST /products/bulk/{step}` for every step of the rules table's BULK_STEPS: the serials or the
 * handling unit in the body, all or nothing in one transaction.
 */
function bulkStepRoute(step: BulkStep) {
    return defineRoute<BulkStepResult>()({
        method: 'POST',
        path: `/products/bulk/${step}`,
        tag: 'products',
        ...allowedBy(bulkTransaction(step)),
        access: 'user',
        status: 200,
        body: BulkStepInput,
        summary: `${step.charAt(0).toUpperCase()}${step.slice(1)} many products in one transaction, named by serials or by a handling unit (SSCC), at most 2,000: all or nothing; a refusal lists the refused serials and why (\`refused\`)`,
    });
}

function bulkStepRoutes() {
    return Object.fromEntries((Object.keys(BULK_STEPS) as BulkStep[]).map((step) => [bulkStepRouteName(step), bulkStepRoute(step)])) as Record<
        BulkStepRouteName,
        ReturnType<typeof bulkStepRoute>
    >;
}

/**
 * The route of a bulk step.
 *
 * @example
 * bulkStepRouteName('stock'); // 'bulkStock'
 */
export function bulkStepRouteName<S extends BulkStep>(step: S): BulkStepRouteName<S> {
    return `bulk${step.charAt(0).toUpperCase()}${step.slice(1)}` as BulkStepRouteName<S>;
}

function shipmentStep(step: ShipmentStep) {
    return defineRoute<Shipment>()({
        method: 'POST',
        path: `/shipments/{shipmentId}/${step}`,
        tag: 'shipments',
        ...allowedBy(`shipment:${step}`),
        access: 'user',
        status: 200,
        params: ShipmentParams,
        summary: {
            pickup: 'Pick up a shipment: the carrier takes custody',
            deliver: 'Deliver a shipment to the retailer',
            receive: 'Receive a delivered shipment: the retailer takes ownership',
        }[step],
    });
}
