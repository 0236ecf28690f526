import { randomBytes } from 'node:crypto';
import { sha256Hex } from '@coldtrace/chaincode/sha256';
import { BULK_STEPS, type BulkStep, type BulkTransaction, bulkTransaction, type TransactionName } from '@coldtrace/chaincode/model';
import { carry } from './harness/consortium-admins';
import type { LedgerHarness, Role } from './harness/ledger-harness';
import { GTIN, type ShipmentFixture, type SupplyChainWorld } from './harness/supply-chain-world';
import { first } from './harness/elements';

/**
 * One fresh call of a write transaction, prepared so that the first organization of each role is the
 * related party. `role` is the role about to call: where the related party depends on it (who holds
 * a recalled unit: the manufacturer before shipping, the carrier in transit, the retailer after
 * receiving), the case puts the goods there.
 */
export interface WriteCase {
    prepare(world: SupplyChainWorld, ledger: LedgerHarness, role: Role): Promise<{ args: unknown[]; transient?: Record<string, string> }>;
}

/** A read of a record every first organization is party to (a received shipment's), and how a list shows a record. */
export interface ReadCase {
    args(record: ShipmentFixture): unknown[];
    /** For lists, which never refuse: whether the answer lists the record. */
    lists?: (answer: { items: unknown[] }, record: ShipmentFixture) => boolean;
}

/**
 * An EPCIS event hash every allowed role's `epcis:anchor` case anchors (idempotently) beside a fresh
 * one, so the `epcis:getAnchor` read, which runs after the writes, finds it on any ledger.
 */
const MATRIX_EVENT_HASH = `ni:///sha-256;${sha256Hex('coldtrace access matrix')}?ver=CBV2.0`;
const freshEventHash = () => `ni:///sha-256;${randomBytes(32).toString('hex')}?ver=CBV2.0`;

const MATRIX_SOURCE = 'access-matrix-source';
let importedOrders = 0;
/** A page importing one fresh order from another ledger, to which the first manufacturer, carrier and retailer are party. */
function importedOrderPage(): { sourceNetwork: string; records: unknown[] } {
    importedOrders += 1;
    const orderId = `IMP-${Date.now().toString(36)}-${importedOrders}`;
    const step = { sourceTxId: `source-${orderId}`, sourceTime: '2026-01-05T10:00:00.000Z', sourceMsp: 'RetailerMSP' };
    const actor = { org: 'RetailerMSP', user: 'buyer' };
    const value = {
        docType: 'order',
        orderId,
        gtin: GTIN,
        quantity: 1,
        retailer: 'RetailerMSP',
        manufacturer: 'ManufacturerMSP',
        carrier: 'CarrierMSP',
        state: 'placed',
        quantityShipped: 0,
        quantityReceived: 0,
        shipmentIds: [],
        hasTerms: false,
        parties: ['RetailerMSP', 'ManufacturerMSP', 'CarrierMSP'],
        timeline: [{ state: 'placed', at: step.sourceTime, ...actor, txId: step.sourceTxId }],
        updatedBy: actor,
        updatedAt: step.sourceTime,
        txId: step.sourceTxId,
    };
    return { sourceNetwork: MATRIX_SOURCE, records: [{ kind: 'order', ids: [orderId], value, provenance: step, history: [step] }] };
}

const TERMS = { terms: '{"unitPrice":"1.00","currency":"EUR"}' };

let joiners = 0;
/** A fresh organization to propose: unique in the run and on a shared network. */
export function joiner(): { mspId: string; roles: ['retailer']; displayName: string } {
    joiners += 1;
    return { mspId: `Join${Date.now().toString(36)}${joiners}MSP`, roles: ['retailer'], displayName: `Joining pharmacy ${joiners}` };
}

/** Proposes a fresh organization (by the auditor's administrator): a motion every role may approve or reject. */
async function proposed(ledger: LedgerHarness): Promise<string> {
    const { mspId } = await ledger.submit('auditor', 'member:propose', [joiner()]);
    return mspId;
}

const COMPLAINT = { reason: 'customer complaint: vial discoloured' };
const RECALL = { recallClass: 'II', instructions: 'Quarantine and return every unit to the manufacturer' };
const JUSTIFICATION = { justification: 'Stability study S-12 covers 35 minutes at 11.5 °C' };

/** A reported anomaly on a batch whose goods the retailer received: what the manufacturer decides on. */
async function reportedAnomaly(w: SupplyChainWorld, ledger: LedgerHarness): Promise<{ batchId: string; anomalyId: string }> {
    const s = await w.atRetailer(1, 'received');
    const { anomalyId } = await ledger.submit('retailer', 'anomaly:report', [s.batchId, COMPLAINT]);
    return { batchId: s.batchId, anomalyId };
}

/** A unit of a recalled batch held by the role about to act on it: at the manufacturer, in transit with the carrier, or received by the retailer. */
async function recalledUnitHeldBy(w: SupplyChainWorld, role: Role): Promise<string> {
    const s = role === 'manufacturer' ? await w.batch(1) : role === 'carrier' ? await w.shipment(1, 'in_transit') : await w.atRetailer(1, 'received');
    await w.recalled(s.batchId);
    return first(s.serials, 'units of the recalled batch');
}

/** A closed excursion on a shipment in transit, whose units wait for the manufacturer's decision. */
async function closedExcursion(w: SupplyChainWorld): Promise<unknown[]> {
    const s = await w.shipment(1, 'in_transit');
    const { excursionId } = await w.closedExcursion(s);
    return [s.shipmentId, excursionId, JUSTIFICATION];
}

/** The organizations the matrix admitted or suspended and may vote on again, per ledger, so members do not pile up. */
const targets = new WeakMap<LedgerHarness, { active?: string; suspended?: string }>();

/**
 * An active joiner to vote on suspending: the one an earlier case used while it stays active (each
 * role votes once on it, too few to carry on the embedded ledger), else a freshly admitted one.
 */
async function activeJoiner(ledger: LedgerHarness): Promise<string> {
    const kept = targets.get(ledger) ?? {};
    targets.set(ledger, kept);
    if (!kept.active || (await ledger.evaluate('auditor', 'member:get', [kept.active])).status !== 'active') {
        kept.active = await proposed(ledger);
        await carry(ledger, 'member:approve', kept.active);
    }
    return kept.active;
}

/** A suspended joiner to vote on reinstating, kept the same way. */
async function suspendedJoiner(ledger: LedgerHarness): Promise<string> {
    const kept = targets.get(ledger) ?? {};
    targets.set(ledger, kept);
    if (!kept.suspended || (await ledger.evaluate('auditor', 'member:get', [kept.suspended])).status !== 'suspended') {
        const mspId = await proposed(ledger);
        await carry(ledger, 'member:approve', mspId);
        await carry(ledger, 'member:suspend', mspId);
        kept.suspended = mspId;
    }
    return kept.suspended;
}

/**
 * How to call each write transaction of the rules table but the bulk steps. `member:bootstrap` has no case: it is
 * accepted once, on a fresh channel, and the matrix checks it is closed afterwards.
 */
const SINGLE_CASES: Record<Exclude<TransactionName, ReadTransaction | BulkTransaction | 'member:bootstrap'>, WriteCase> = {
    // One approval never reaches a majority of four or more members; suspensions and reinstatements reuse their target.
    'member:propose': { prepare: async () => ({ args: [joiner()] }) },
    'member:approve': { prepare: async (_w, ledger) => ({ args: [await proposed(ledger)] }) },
    'member:reject': { prepare: async (_w, ledger) => ({ args: [await proposed(ledger)] }) },
    'member:suspend': { prepare: async (_w, ledger) => ({ args: [await activeJoiner(ledger)] }) },
    'member:reinstate': { prepare: async (_w, ledger) => ({ args: [await suspendedJoiner(ledger)] }) },
    'batch:create': { prepare: async (w) => ({ args: [w.batchInput({ quantity: 1 })] }) },
    'batch:commission': { prepare: async (w) => ({ args: [(await w.batch(1)).batchId, { quantity: 1 }] }) },
    'product:inspect': { prepare: async (w) => ({ args: [(await w.batch(1)).serials[0]] }) },
    'order:place': { prepare: async () => ({ args: [{ gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' }], transient: TERMS }) },
    'order:accept': {
        prepare: async (_w, ledger) => ({ args: [(await ledger.submit('retailer', 'order:place', [{ gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' }])).orderId] }),
    },
    'handlingUnit:pack': { prepare: async (w) => ({ args: [{ serials: (await w.inspected(1)).serials }] }) },
    'shipment:create': {
        prepare: async (w) => {
            const packed = await w.packed(1);
            return { args: [{ orderId: await w.acceptedOrder(1), handlingUnits: [packed.sscc], carrier: 'CarrierMSP' }] };
        },
    },
    'shipment:attachSensor': { prepare: async (w) => ({ args: [(await w.shipment(1)).shipmentId, `S-${Date.now()}-${Math.random()}`.slice(0, 40)] }) },
    'shipment:pickup': { prepare: async (w) => ({ args: [(await w.shipment(1)).shipmentId] }) },
    'shipment:detachSensor': {
        prepare: async (w) => {
            const s = await w.shipment(1, 'in_transit');
            return { args: [s.shipmentId, s.sensorId] };
        },
    },
    'shipment:deliver': { prepare: async (w) => ({ args: [(await w.shipment(1, 'in_transit')).shipmentId] }) },
    'shipment:receive': { prepare: async (w) => ({ args: [(await w.shipment(1, 'delivered')).shipmentId] }) },
    'telemetry:recordExcursion': { prepare: async (w) => ({ args: [w.excursionInput(await w.shipment(1, 'in_transit'))] }) },
    'telemetry:anchorDigest': { prepare: async (w) => ({ args: [w.digestInput(await w.shipment(1, 'in_transit'))] }) },
    'product:stock': { prepare: async (w) => ({ args: [(await w.atRetailer(1, 'received')).serials[0]] }) },
    'product:label': { prepare: async (w) => ({ args: [(await w.atRetailer(1, 'stocked')).serials[0]] }) },
    'product:sell': { prepare: async (w) => ({ args: [(await w.atRetailer(1, 'labeled')).serials[0]] }) },
    // The retailer received the batch's goods, so the manufacturer, the carrier and the retailer are all its parties.
    'anomaly:report': {
        prepare: async (w) => {
            const s = await w.atRetailer(1, 'received');
            return { args: [s.batchId, { ...COMPLAINT, serial: s.serials[0] }] };
        },
    },
    'anomaly:clear': {
        prepare: async (w, ledger) => {
            const { batchId, anomalyId } = await reportedAnomaly(w, ledger);
            return { args: [batchId, anomalyId, { reason: 'retained samples tested within specification' }] };
        },
    },
    'anomaly:investigate': {
        prepare: async (w, ledger) => {
            const { batchId, anomalyId } = await reportedAnomaly(w, ledger);
            return { args: [batchId, anomalyId, { note: 'retained samples sent to the laboratory' }] };
        },
    },
    'anomaly:recall': {
        prepare: async (w, ledger) => {
            const { batchId, anomalyId } = await reportedAnomaly(w, ledger);
            return { args: [batchId, anomalyId, RECALL] };
        },
    },
    'product:return': { prepare: async (w, _ledger, role) => ({ args: [await recalledUnitHeldBy(w, role)] }) },
    'product:destroy': { prepare: async (w, _ledger, role) => ({ args: [await recalledUnitHeldBy(w, role)] }) },
    'epcis:anchor': { prepare: async () => ({ args: [{ captureId: 'access-matrix', hashes: [MATRIX_EVENT_HASH, freshEventHash()] }] }) },
    'migration:import': { prepare: async () => ({ args: [importedOrderPage()] }) },
    'excursion:release': { prepare: async (w) => ({ args: await closedExcursion(w) }) },
    'excursion:reject': { prepare: async (w) => ({ args: await closedExcursion(w) }) },
};

/** A bulk step's case: the case of the step it repeats, its serial sent as a list of one. */
function bulkCase(single: WriteCase): WriteCase {
    return {
        prepare: async (world, ledger, role) => {
            const { args, transient } = await single.prepare(world, ledger, role);
            return { args: [{ serials: args }], transient };
        },
    };
}

/** How to call each write transaction of the rules table, the bulk steps from the steps they repeat. */
export const WRITE_CASES: Record<Exclude<TransactionName, ReadTransaction | 'member:bootstrap'>, WriteCase> = {
    ...SINGLE_CASES,
    ...(Object.fromEntries((Object.keys(BULK_STEPS) as BulkStep[]).map((step) => [bulkTransaction(step), bulkCase(SINGLE_CASES[BULK_STEPS[step]])])) as Record<
        BulkTransaction,
        WriteCase
    >),
};

type ReadTransaction =
    | 'member:list'
    | 'member:get'
    | 'member:motions'
    | 'batch:get'
    | 'batch:list'
    | 'batch:listSerials'
    | 'batch:impact'
    | 'product:get'
    | 'product:list'
    | 'order:get'
    | 'order:getTerms'
    | 'order:list'
    | 'handlingUnit:get'
    | 'shipment:get'
    | 'shipment:list'
    | 'telemetry:listExcursions'
    | 'telemetry:listDigests'
    | 'epcis:getAnchor'
    | 'query:trace'
    | 'query:history'
    | 'query:publicProvenance'
    | 'migration:records';

const listed = (key: 'batchId' | 'serial' | 'orderId' | 'shipmentId') => (answer: { items: unknown[] }, record: ShipmentFixture) =>
    answer.items.some((item) => (item as Record<string, unknown>)[key] === (key === 'serial' ? record.serials[0] : record[key]));

/** How to call each read transaction on the record of a received shipment. */
export const READ_CASES: Record<ReadTransaction, ReadCase> = {
    'member:list': { args: () => [] },
    'member:get': { args: () => ['RetailerMSP'] },
    'member:motions': { args: () => ['RetailerMSP'] },
    'batch:get': { args: (r) => [r.batchId] },
    'batch:list': { args: () => [{ pageSize: 1000 }], lists: listed('batchId') },
    'batch:listSerials': { args: (r) => [r.batchId, {}] },
    'batch:impact': { args: (r) => [r.batchId, {}] },
    'product:get': { args: (r) => [r.serials[0]] },
    'product:list': { args: () => [{ pageSize: 1000 }], lists: listed('serial') },
    'order:get': { args: (r) => [r.orderId] },
    'order:getTerms': { args: (r) => [r.orderId] },
    'order:list': { args: () => [{ pageSize: 1000 }], lists: listed('orderId') },
    'handlingUnit:get': { args: (r) => [r.sscc] },
    'shipment:get': { args: (r) => [r.shipmentId] },
    'shipment:list': { args: () => [{ pageSize: 1000 }], lists: listed('shipmentId') },
    'telemetry:listExcursions': { args: (r) => [r.shipmentId] },
    'telemetry:listDigests': { args: (r) => [r.shipmentId] },
    'epcis:getAnchor': { args: () => [MATRIX_EVENT_HASH] },
    'query:trace': { args: (r) => [r.serials[0]] },
    'query:history': { args: (r) => ['product', r.serials[0]] },
    'query:publicProvenance': { args: (r) => [r.serials[0]] },
    // Each organization reads its own imports: a stranger, which imported nothing from the matrix's source, gets none.
    'migration:records': { args: () => [{ sourceNetwork: MATRIX_SOURCE, pageSize: 10 }], lists: (answer) => answer.items.length > 0 },
};
