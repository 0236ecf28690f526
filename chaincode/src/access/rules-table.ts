import { CALLER_ROLES, type CallerRole, MEMBER_ROLES, type MemberRole } from '../model/member';

/**
 * The relationships to a record that the rules ask for, with the words refusals and documents use.
 * The contracts check them (`requireRelationship`), so every name here is one the code decides by.
 */
export const RELATIONSHIPS = {
    none: 'no relationship to a record',
    founder: 'the consortium has no member yet and the caller’s organization is one of the founding members',
    consortiumAdmin: 'administrator (certificate attribute coldtrace.admin=true) of an active member',
    batchManufacturer: 'manufacturer of the batch',
    productOwner: 'owner of the product',
    productHolder: 'owner or custodian of the product',
    orderSeller: 'manufacturer (seller) of the order',
    orderParty: 'retailer (buyer) or manufacturer (seller) of the order',
    shipmentShipper: 'manufacturer (shipper) of the goods on the shipment',
    shipmentCarrier: 'carrier named on the shipment',
    shipmentConsignee: 'retailer (consignee) the shipment goes to',
    batchParty: 'manufacturer of the batch, or an organization that holds or held one of its serials',
    batchReader: 'manufacturer of the batch, or an organization that holds or held one of its serials; auditors read every batch',
    recordParty: 'party to the record: for a product its owner, custodian and every earlier holder; auditors read every record',
    importParty:
        'party to every imported record: its manufacturer or an organization it lists as a party (for an anomaly or a sensor assignment, one of its batch’s or shipment’s)',
    importer: 'the organization that imported the record; auditors read every import',
} as const;
export type Relationship = keyof typeof RELATIONSHIPS;

/** Who may call a transaction: members acting in one of `roles`, related to the record as `relationship`. */
export interface TransactionRule {
    /** `write`: changes the ledger, so suspended members may not call it; `read`: any member status. */
    kind: 'write' | 'read';
    /** Caller roles let through; `anyone` also lets in organizations that are not members. */
    roles: readonly CallerRole[] | 'anyone';
    relationship: Relationship;
    /** What the transaction does, as documents and refusals say it. */
    doc: string;
}

const M = ['manufacturer'] as const;
const R = ['retailer'] as const;
const CARRIER_SIDE = ['carrier', 'detector'] as const;
/** Whoever may hold goods: the manufacturer before shipping, the carrier in transit, the retailer after receiving. */
const HOLDERS = ['manufacturer', 'carrier', 'retailer'] as const;
const EVERY_ROLE = CALLER_ROLES;

const write = (roles: TransactionRule['roles'], relationship: Relationship, doc: string): TransactionRule => ({ kind: 'write', roles, relationship, doc });
const read = (roles: TransactionRule['roles'], relationship: Relationship, doc: string): TransactionRule => ({ kind: 'read', roles, relationship, doc });

/**
 * Every transaction of the chaincode and who may call it (the bulk steps are added below, from the
 * steps they repeat). The one source of the access rules: the
 * contracts enforce the roles from it before any transaction runs (`authorize`) and check the named
 * relationship on the record; the API's route roles, the web UI's offered actions and the
 * access-matrix tests are derived from it. No organization is named: roles come from the caller's
 * member record, relationships from the records.
 *
 * @example
 * RULES['product:sell']; // { kind: 'write', roles: ['retailer'], relationship: 'productOwner', doc: 'sell a product' }
 */
const TRANSACTION_RULES = {
    'member:bootstrap': write('anyone', 'founder', 'record the founding members of the consortium'),
    'member:list': read(EVERY_ROLE, 'none', 'list the members of the consortium'),
    'member:get': read(EVERY_ROLE, 'none', 'read a member of the consortium'),
    'member:propose': write(MEMBER_ROLES, 'consortiumAdmin', 'propose an organization for membership'),
    'member:approve': write(MEMBER_ROLES, 'consortiumAdmin', 'approve the admission of a proposed organization'),
    'member:reject': write(MEMBER_ROLES, 'consortiumAdmin', 'approve the rejection of a proposed organization'),
    'member:suspend': write(MEMBER_ROLES, 'consortiumAdmin', 'approve the suspension of a member'),
    'member:reinstate': write(MEMBER_ROLES, 'consortiumAdmin', 'approve the reinstatement of a suspended member'),
    'member:motions': read(EVERY_ROLE, 'none', 'read the open motions on a member and their approvals'),

    'batch:create': write(M, 'none', 'create a batch and commission its serials'),
    'batch:commission': write(M, 'batchManufacturer', 'commission more serials into a batch'),
    'batch:get': read(EVERY_ROLE, 'batchReader', 'read a batch'),
    'batch:list': read(EVERY_ROLE, 'recordParty', 'list batches'),
    'batch:listSerials': read(EVERY_ROLE, 'batchReader', 'list the serials of a batch'),
    'batch:impact': read(EVERY_ROLE, 'batchReader', 'read the impact of a batch (every serial the caller may see, with its state, holder and hold)'),

    'product:inspect': write(M, 'productOwner', 'inspect a product'),
    'product:stock': write(R, 'productOwner', 'stock a product'),
    'product:label': write(R, 'productOwner', 'label a product'),
    'product:sell': write(R, 'productOwner', 'sell a product'),
    'product:return': write(['carrier', 'retailer'], 'productHolder', 'return a recalled or rejected product to its manufacturer'),
    'product:destroy': write(HOLDERS, 'productHolder', 'record the destruction of a recalled or rejected product'),
    'product:get': read(EVERY_ROLE, 'recordParty', 'read a product'),
    'product:list': read(EVERY_ROLE, 'recordParty', 'list products'),

    'order:place': write(R, 'none', 'place an order with an active manufacturer member'),
    'order:accept': write(M, 'orderSeller', 'accept an order'),
    'order:get': read(EVERY_ROLE, 'recordParty', 'read an order'),
    'order:getTerms': read(['manufacturer', 'retailer'], 'orderParty', 'read the price of an order'),
    'order:list': read(EVERY_ROLE, 'recordParty', 'list orders'),

    'handlingUnit:pack': write(M, 'productOwner', 'pack products into a handling unit'),
    'handlingUnit:get': read(EVERY_ROLE, 'recordParty', 'read a handling unit'),

    'shipment:create': write(M, 'orderSeller', 'ship an accepted order with an active carrier member'),
    'shipment:pickup': write(CARRIER_SIDE, 'shipmentCarrier', 'pick up a shipment'),
    'shipment:deliver': write(CARRIER_SIDE, 'shipmentCarrier', 'deliver a shipment'),
    'shipment:receive': write(R, 'shipmentConsignee', 'receive a shipment'),
    'shipment:attachSensor': write(CARRIER_SIDE, 'shipmentCarrier', 'attach a sensor to a shipment'),
    'shipment:detachSensor': write(CARRIER_SIDE, 'shipmentCarrier', 'detach a sensor from a shipment'),
    'shipment:get': read(EVERY_ROLE, 'recordParty', 'read a shipment'),
    'shipment:list': read(EVERY_ROLE, 'recordParty', 'list shipments'),

    'telemetry:recordExcursion': write(['detector'], 'shipmentCarrier', 'record a temperature excursion'),
    'telemetry:anchorDigest': write(['detector'], 'shipmentCarrier', 'anchor a telemetry digest'),
    'telemetry:listExcursions': read(EVERY_ROLE, 'recordParty', 'list the excursions of a shipment'),
    'telemetry:listDigests': read(EVERY_ROLE, 'recordParty', 'list the telemetry digests of a shipment'),

    'excursion:release': write(M, 'shipmentShipper', 'release the units a closed excursion holds, with a stability justification'),
    'excursion:reject': write(M, 'shipmentShipper', 'reject the units a closed excursion holds, so their holders return or destroy them'),

    'anomaly:report': write(HOLDERS, 'batchParty', 'report an anomaly on a batch'),
    'anomaly:investigate': write(M, 'batchManufacturer', 'take a reported anomaly of a batch into investigation'),
    'anomaly:clear': write(M, 'batchManufacturer', 'clear an anomaly of a batch'),
    'anomaly:recall': write(M, 'batchManufacturer', 'confirm the recall of a batch, with its class and instructions'),

    'epcis:anchor': write(HOLDERS, 'none', 'anchor the GS1 event hashes of EPCIS events its own node captured'),
    'epcis:getAnchor': read(EVERY_ROLE, 'none', 'read the anchor of an EPCIS event hash'),

    'migration:import': write(HOLDERS, 'importParty', 'import a page of records from another ledger with their source provenance (same content again: no change)'),
    'migration:records': read(EVERY_ROLE, 'importer', 'read the records imported from a source network, with what their keys hold now'),

    'query:trace': read(EVERY_ROLE, 'recordParty', 'trace a product'),
    'query:history': read(['auditor'], 'none', 'read the key history of a record'),
    'query:publicProvenance': read('anyone', 'none', 'read the public provenance of a product'),
} as const satisfies Record<string, TransactionRule>;

/**
 * The product steps also taken on many serials in one transaction, `bulk:<step>`, each with the
 * single-serial transaction it repeats: the bulk transaction has that transaction's rule and runs its
 * per-serial logic on every serial (`PRODUCT_STEPS`), all or nothing. Adding a line here adds the bulk
 * transaction, its rule, its API route `POST /products/bulk/<step>` and its access-matrix case.
 *
 * @example
 * BULK_STEPS.stock; // 'product:stock'
 */
export const BULK_STEPS = {
    inspect: 'product:inspect',
    stock: 'product:stock',
    label: 'product:label',
    sell: 'product:sell',
    return: 'product:return',
    destroy: 'product:destroy',
} as const satisfies Record<string, keyof typeof TRANSACTION_RULES>;
export type BulkStep = keyof typeof BULK_STEPS;
/** The single-serial transactions that have a bulk form. */
export type SteppedTransaction = (typeof BULK_STEPS)[BulkStep];
export type BulkTransaction = `bulk:${BulkStep}`;

/** The bulk transaction of a step. */
export function bulkTransaction(step: BulkStep): BulkTransaction {
    return `bulk:${step}`;
}

/** A bulk step's rule: the rule of the step it repeats, so the same roles and relationship hold for every serial. */
const BULK_RULES = Object.fromEntries(
    (Object.entries(BULK_STEPS) as [BulkStep, SteppedTransaction][]).map(([step, single]) => {
        const rule: TransactionRule = TRANSACTION_RULES[single];
        return [bulkTransaction(step), { ...rule, doc: `${rule.doc} (many serials or a handling unit in one transaction)` }];
    }),
) as Record<BulkTransaction, TransactionRule>;

/**
 * Every transaction of the chaincode and who may call it.
 *
 * @example
 * RULES['bulk:stock'].relationship; // 'productOwner', checked on every serial
 */
export const RULES = { ...TRANSACTION_RULES, ...BULK_RULES };

export type TransactionName = keyof typeof RULES;
export const TRANSACTIONS = Object.keys(RULES) as TransactionName[];

/** The rule of a transaction. */
export function ruleOf(transaction: TransactionName): TransactionRule {
    return RULES[transaction];
}

/**
 * Whether a caller acting in `role` passes a transaction's role check (the relationship is still
 * checked on the record).
 *
 * @example
 * roleMayCall('retailer', 'product:sell'); // true
 * roleMayCall('auditor', 'product:sell');  // false
 */
export function roleMayCall(role: CallerRole, transaction: TransactionName): boolean {
    const { roles } = ruleOf(transaction);
    return roles === 'anyone' || roles.includes(role);
}

/** The member roles (people's roles, not services') a transaction lets through, in table order. */
export function memberRolesFor(transaction: TransactionName): MemberRole[] {
    const { roles } = ruleOf(transaction);
    return roles === 'anyone' ? [] : roles.filter((role): role is MemberRole => role !== 'detector');
}
