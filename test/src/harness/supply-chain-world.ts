import type { Caller, LedgerHarness } from './ledger-harness';

export const GTIN = '09506000134352';
/** The price and currency of the world's orders (private to buyer and seller). */
export const WORLD_ORDER_TERMS = { unitPrice: '9.99', currency: 'EUR' };
export const OTHER_GTIN = '04006381333931';

let sequence = 0;
/** Ids unique across runs, so suites can share a long-lived Fabric network. */
export function uniqueId(prefix: string): string {
    sequence += 1;
    return `${prefix}${Date.now().toString(36).toUpperCase()}${sequence}`;
}

export interface BatchFixture {
    batchId: string;
    serials: string[];
}

export interface PackedFixture extends BatchFixture {
    sscc: string;
}

export interface ShipmentFixture extends PackedFixture {
    shipmentId: string;
    orderId: string;
    sensorId: string;
}

export type ShipmentStage = 'created' | 'in_transit' | 'delivered' | 'received';

/**
 * Builds records up to a given step through the chaincode itself, so a test starts exactly where
 * the step it checks may happen.
 *
 * @example
 * const { shipmentId, serials } = await world.shipment(2, 'in_transit');
 */
export class SupplyChainWorld {
    readonly #ledger: LedgerHarness;

    constructor(ledger: LedgerHarness) {
        this.#ledger = ledger;
    }

    batchInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
        return { gtin: GTIN, productName: 'Influenza vaccine', tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30, expiryDate: '2030-01-01', ...overrides };
    }

    async batch(count: number, overrides: Record<string, unknown> = {}): Promise<BatchFixture> {
        return this.#ledger.submit('manufacturer', 'batch:create', [this.batchInput({ quantity: count, ...overrides })]);
    }

    async acceptedOrder(quantity: number, gtin = GTIN): Promise<string> {
        const { orderId } = await this.#ledger.submit('retailer', 'order:place', [{ gtin, quantity, manufacturer: 'ManufacturerMSP' }], {
            terms: JSON.stringify(WORLD_ORDER_TERMS),
        });
        await this.#ledger.submit('manufacturer', 'order:accept', [orderId]);
        return orderId;
    }

    /** A batch of `count` products inspected in one bulk step (at most 2,000). */
    async inspected(count: number, batchOverrides: Record<string, unknown> = {}): Promise<BatchFixture> {
        const batch = await this.batch(count, batchOverrides);
        await this.#ledger.submit('manufacturer', 'bulk:inspect', [{ serials: batch.serials }]);
        return batch;
    }

    async packed(count: number, batchOverrides: Record<string, unknown> = {}): Promise<PackedFixture> {
        const batch = await this.inspected(count, batchOverrides);
        const { sscc } = await this.#ledger.submit('manufacturer', 'handlingUnit:pack', [{ serials: batch.serials }]);
        return { ...batch, sscc };
    }

    /** A shipment of `count` products (of a batch with `batchOverrides`) with a sensor attached, taken to `stage`. */
    async shipment(count: number, stage: ShipmentStage = 'created', batchOverrides: Record<string, unknown> = {}): Promise<ShipmentFixture> {
        const packed = await this.packed(count, batchOverrides);
        const orderId = await this.acceptedOrder(count);
        const { shipmentId } = await this.#ledger.submit('manufacturer', 'shipment:create', [{ orderId, handlingUnits: [packed.sscc], carrier: 'CarrierMSP' }]);
        const sensorId = uniqueId('SENS-');
        await this.#ledger.submit('carrier', 'shipment:attachSensor', [shipmentId, sensorId]);
        const steps: [ShipmentStage, string, 'carrier' | 'retailer'][] = [
            ['in_transit', 'shipment:pickup', 'carrier'],
            ['delivered', 'shipment:deliver', 'carrier'],
            ['received', 'shipment:receive', 'retailer'],
        ];
        const order: ShipmentStage[] = ['created', 'in_transit', 'delivered', 'received'];
        for (const [reached, fn, role] of steps) {
            if (order.indexOf(stage) >= order.indexOf(reached)) {
                await this.#ledger.submit(role, fn, [shipmentId]);
            }
        }
        return { ...packed, orderId, shipmentId, sensorId };
    }

    /** Received products moved on at the retailer: 'stocked' or 'labeled'. */
    async atRetailer(count: number, state: 'received' | 'stocked' | 'labeled'): Promise<ShipmentFixture> {
        const shipment = await this.shipment(count, 'received');
        const steps = { received: [], stocked: ['stock'], labeled: ['stock', 'label'] }[state];
        for (const serial of shipment.serials) {
            for (const step of steps) {
                await this.#ledger.submit('retailer', `product:${step}`, [serial]);
            }
        }
        return shipment;
    }

    /**
     * Ships inspected serials of a batch to a retailer (first or second organization) and has it
     * receive them: the retailer then holds them.
     */
    async deliveredTo(serials: string[], retailer: Caller = 'retailer', carrier: Caller = 'carrier'): Promise<{ shipmentId: string; orderId: string; sscc: string }> {
        const { sscc } = await this.#ledger.submit('manufacturer', 'handlingUnit:pack', [{ serials }]);
        const { orderId } = await this.#ledger.submit(retailer, 'order:place', [{ gtin: GTIN, quantity: serials.length, manufacturer: 'ManufacturerMSP' }]);
        await this.#ledger.submit('manufacturer', 'order:accept', [orderId]);
        const { shipmentId } = await this.#ledger.submit('manufacturer', 'shipment:create', [{ orderId, handlingUnits: [sscc], carrier: this.#ledger.identity(carrier).mspId }]);
        for (const [fn, role] of [
            ['shipment:pickup', carrier],
            ['shipment:deliver', carrier],
            ['shipment:receive', retailer],
        ] as const) {
            await this.#ledger.submit(role, fn, [shipmentId]);
        }
        return { shipmentId, orderId, sscc };
    }

    /** The batch's manufacturer reports an anomaly on it and confirms a recall: every unit is recalled. */
    async recalled(batchId: string, recallClass: 'I' | 'II' | 'III' = 'II'): Promise<{ anomalyId: string }> {
        const { anomalyId } = await this.#ledger.submit('manufacturer', 'anomaly:report', [batchId, { reason: 'stability failure found in retained samples' }]);
        await this.#ledger.submit('manufacturer', 'anomaly:recall', [batchId, anomalyId, { recallClass, instructions: 'Quarantine every unit and return it to the manufacturer' }]);
        return { anomalyId };
    }

    /** The detector records a closed excursion on the shipment: its units are on hold until the manufacturer decides. */
    async closedExcursion(shipment: ShipmentFixture): Promise<{ excursionId: string }> {
        const input = this.excursionInput(shipment);
        return this.#ledger.submit('detector', 'telemetry:recordExcursion', [{ ...input, endAt: new Date(Date.parse(input.startAt as string) + 35 * 60_000).toISOString() }]);
    }

    excursionInput(shipment: ShipmentFixture, overrides: Record<string, unknown> = {}): Record<string, unknown> {
        const startAt = new Date().toISOString();
        return {
            excursionId: `${shipment.shipmentId}-${shipment.sensorId}-${Date.parse(startAt)}`,
            shipmentId: shipment.shipmentId,
            sensorId: shipment.sensorId,
            kind: 'high',
            startAt,
            peakC: 11.5,
            durationMinutes: 35,
            ...overrides,
        };
    }

    digestInput(shipment: ShipmentFixture, overrides: Record<string, unknown> = {}): Record<string, unknown> {
        const windowStart = new Date();
        return {
            shipmentId: shipment.shipmentId,
            sensorId: shipment.sensorId,
            windowStart: windowStart.toISOString(),
            windowEnd: new Date(windowStart.getTime() + 15 * 60_000).toISOString(),
            count: 90,
            minC: 3.1,
            maxC: 6.4,
            merkleRoot: 'a'.repeat(64),
            ...overrides,
        };
    }

    /**
     * What auditors see of the whole ledger: every batch, order, shipment and product. Tests compare
     * it before and after a refused transaction to prove the refusal changed nothing.
     */
    async snapshot(): Promise<string> {
        const lists = await Promise.all(['batch:list', 'order:list', 'shipment:list', 'product:list'].map((fn) => this.#ledger.evaluate('auditor', fn, [{ pageSize: 1000 }])));
        return JSON.stringify(lists);
    }
}
