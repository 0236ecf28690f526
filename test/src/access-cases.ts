import type { TransactionName } from '@coldtrace/chaincode/model';
import type { LedgerHarness } from './harness/ledger-harness';
import { GTIN, type ShipmentFixture, type SupplyChainWorld } from './harness/supply-chain-world';

/** One fresh call of a write transaction, prepared so that the first organization of each role is the related party. */
export interface WriteCase {
    prepare(world: SupplyChainWorld, ledger: LedgerHarness): Promise<{ args: unknown[]; transient?: Record<string, string> }>;
}

/** A read of a record every first organization is party to (a received shipment's), and how a list shows a record. */
export interface ReadCase {
    args(record: ShipmentFixture): unknown[];
    /** For lists, which never refuse: whether the answer lists the record. */
    lists?(answer: { items: unknown[] }, record: ShipmentFixture): boolean;
}

const TERMS = { terms: '{"unitPrice":"1.00","currency":"EUR"}' };
const COMPLAINT = { reason: 'customer complaint: vial discoloured' };

/**
 * How to call each write transaction of the rules table. `member:bootstrap` has no case: it is
 * accepted once, on a fresh channel, and the matrix checks it is closed afterwards.
 */
export const WRITE_CASES: Record<Exclude<TransactionName, ReadTransaction | 'member:bootstrap'>, WriteCase> = {
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
            const s = await w.atRetailer(1, 'received');
            const { anomalyId } = await ledger.submit('retailer', 'anomaly:report', [s.batchId, COMPLAINT]);
            return { args: [s.batchId, anomalyId, { reason: 'retained samples tested within specification' }] };
        },
    },
};

type ReadTransaction =
    | 'member:list'
    | 'member:get'
    | 'batch:get'
    | 'batch:list'
    | 'batch:listSerials'
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
    | 'query:trace'
    | 'query:history'
    | 'query:publicProvenance';

const listed = (key: 'batchId' | 'serial' | 'orderId' | 'shipmentId') => (answer: { items: unknown[] }, record: ShipmentFixture) =>
    answer.items.some((item) => (item as Record<string, unknown>)[key] === (key === 'serial' ? record.serials[0] : record[key]));

/** How to call each read transaction on the record of a received shipment. */
export const READ_CASES: Record<ReadTransaction, ReadCase> = {
    'member:list': { args: () => [] },
    'member:get': { args: () => ['RetailerMSP'] },
    'batch:get': { args: (r) => [r.batchId] },
    'batch:list': { args: () => [{ pageSize: 1000 }], lists: listed('batchId') },
    'batch:listSerials': { args: (r) => [r.batchId, {}] },
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
    'query:trace': { args: (r) => [r.serials[0]] },
    'query:history': { args: (r) => ['product', r.serials[0]] },
    'query:publicProvenance': { args: (r) => [r.serials[0]] },
};
