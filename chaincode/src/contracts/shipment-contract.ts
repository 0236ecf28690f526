import { Info, Returns, Transaction } from 'fabric-contract-api';
import { z } from 'zod';
import { requireParty } from '../access/access-rules';
import { joinBatches } from '../access/batch-relationship';
import { ConflictError, InvalidArgumentError } from '../errors/chaincode-error';
import { canonicalJson } from '../ledger/canonical-json';
import { ColdtraceContext } from '../ledger/coldtrace-context';
import { parseInput } from '../ledger/input';
import { requireNoHold } from '../lifecycle/batch-hold';
import { advanceProduct, type ProductChanges } from '../lifecycle/product-steps';
import { startUnitSteps } from '../lifecycle/unit-steps';
import { derivedId, stamp, withParties } from '../lifecycle/record-stamp';
import { requireTransition } from '../lifecycle/transition';
import { PageQuery } from '../model/common';
import type { Batch, TemperatureProfile } from '../model/batch';
import type { HandlingUnit } from '../model/handling-unit';
import { type Order, type OrderState, ORDER_STATES } from '../model/order';
import { hasLeftChain, type Product, type ProductState } from '../model/product';
import { CreateShipmentInput, type SensorAssignment, SensorId, SHIPMENT_STATES, type Shipment, type ShipmentState } from '../model/shipment';
import { visiblePage, visibleRecord } from '../views/visible-page';
import { ColdtraceContract } from './coldtrace-contract';

const ShipmentListQuery = PageQuery.extend({ state: z.enum(SHIPMENT_STATES).optional() });

/**
 * Shipments of handling units against an order: created by the manufacturer, carried (with sensors)
 * by the carrier, received by the retailer. Custody of every product moves with its shipment.
 *
 * @example
 * // submit shipment:create '{"orderId":"O1","handlingUnits":["106141411234567897"],"carrier":"CarrierMSP"}'
 * // submit shipment:pickup 'S3F9A0C12D4'   (as the carrier it names)
 */
@Info({ title: 'shipment', description: 'Shipments, their custody and their sensors' })
export class ShipmentContract extends ColdtraceContract {
    constructor() {
        super('shipment');
    }

    @Transaction()
    @Returns('string')
    async create(ctx: ColdtraceContext, inputJson: string): Promise<string> {
        const input = parseInput(CreateShipmentInput, inputJson, 'shipment');
        if (new Set(input.handlingUnits).size !== input.handlingUnits.length) {
            throw new InvalidArgumentError('a handling unit is listed twice');
        }
        const order = await ctx.store.require<Order>('order', [input.orderId], `order ${input.orderId}`);
        requireParty(ctx, order.manufacturer, 'orderSeller', `ship order ${order.orderId}`);
        if (order.state === 'placed') {
            throw new ConflictError(`order ${order.orderId} is placed; only an accepted order can be shipped`);
        }
        await ctx.membership.requireActiveWithRole(input.carrier, 'carrier', 'carrier');
        const shipmentId = input.shipmentId ?? derivedId('S', ctx.txId);
        if (await ctx.store.exists('shipment', [shipmentId])) {
            throw new ConflictError(`shipment ${shipmentId} already exists`);
        }
        const units = await Promise.all(input.handlingUnits.map((sscc) => ctx.store.require<HandlingUnit>('handlingUnit', [sscc], `handling unit ${sscc}`)));
        for (const unit of units) {
            requireParty(ctx, unit.owner, 'productOwner', `ship handling unit ${unit.sscc}`);
            if (unit.shipmentId) {
                throw new ConflictError(`handling unit ${unit.sscc} is already on shipment ${unit.shipmentId}`);
            }
            if (unit.gtin !== order.gtin) {
                throw new InvalidArgumentError(`handling unit ${unit.sscc} holds GTIN ${unit.gtin}; order ${order.orderId} is for ${order.gtin}`);
            }
        }
        const serialCount = units.reduce((sum, unit) => sum + unit.serials.length, 0);
        const alreadyOnShipments = await unitsOnShipments(ctx, order);
        if (alreadyOnShipments + serialCount > order.quantity) {
            throw new ConflictError(
                `order ${order.orderId} is for ${order.quantity} units and ${alreadyOnShipments} are already on its shipments; the handling units hold ${serialCount} more`,
            );
        }
        const batchIds = await batchIdsOf(ctx, units);
        await requireNoHold(ctx, batchIds, 'ship its serials');
        const temperatureProfile = await strictestProfile(ctx, batchIds);
        const parties = [order.manufacturer, order.retailer, input.carrier];
        const shipment: Shipment = {
            docType: 'shipment',
            shipmentId,
            orderId: order.orderId,
            from: order.manufacturer,
            to: order.retailer,
            carrier: input.carrier,
            handlingUnits: input.handlingUnits,
            serialCount,
            temperatureProfile,
            sensors: [],
            state: 'created',
            parties,
            timeline: [ctx.step('created')],
            ...stamp(ctx),
        };
        await ctx.store.put('shipment', [shipmentId], shipment);
        await ctx.index.move('shipment', shipmentId, undefined, shipment);
        for (const unit of units) {
            await ctx.store.put('handlingUnit', [unit.sscc], { ...unit, ...stamp(ctx), shipmentId, parties: withParties(unit.parties, ...parties) });
        }
        const nextOrder: Order = {
            ...order,
            ...stamp(ctx),
            carrier: input.carrier,
            shipmentIds: [...order.shipmentIds, shipmentId],
            parties: withParties(order.parties, input.carrier),
        };
        await ctx.store.put('order', [order.orderId], nextOrder);
        await ctx.index.move('order', order.orderId, order, nextOrder);
        ctx.announce({ type: 'ShipmentCreated', parties, ids: { shipmentId, orderId: order.orderId } });
        return canonicalJson({ shipmentId });
    }

    /** The carrier takes custody: shipment in transit, its products shipped, its units counted as shipped on the order. */
    @Transaction()
    @Returns('string')
    async pickup(ctx: ColdtraceContext, shipmentId: string): Promise<string> {
        const shipment = await this.#shipmentFor(ctx, shipmentId, 'carrier', 'pick up');
        const next = await moveShipment(ctx, shipment, 'in_transit');
        const { batchIds } = await moveProducts(ctx, shipment, 'shipped', { custodian: shipment.carrier, shipmentId, addShipment: shipmentId, addParties: shipment.parties });
        await joinBatches(ctx, batchIds, shipment.carrier);
        await countOnOrder(ctx, shipment, 'quantityShipped', 'shipped');
        ctx.announce({ type: 'ShipmentPickedUp', parties: next.parties, ids: { shipmentId, orderId: shipment.orderId } });
        return canonicalJson(next);
    }

    @Transaction()
    @Returns('string')
    async deliver(ctx: ColdtraceContext, shipmentId: string): Promise<string> {
        const shipment = await this.#shipmentFor(ctx, shipmentId, 'carrier', 'deliver');
        const next = await moveShipment(ctx, shipment, 'delivered');
        ctx.announce({ type: 'ShipmentDelivered', parties: next.parties, ids: { shipmentId, orderId: shipment.orderId } });
        return canonicalJson(next);
    }

    /** The retailer takes ownership and custody; sensors still attached come off with the goods. */
    @Transaction()
    @Returns('string')
    async receive(ctx: ColdtraceContext, shipmentId: string): Promise<string> {
        const shipment = await this.#shipmentFor(ctx, shipmentId, 'to', 'receive');
        for (const sensor of shipment.sensors.filter((s) => !s.detachedAt)) {
            await ctx.store.delete('sensorAssignment', [sensor.sensorId]);
        }
        const detached = { ...shipment, sensors: shipment.sensors.map((s) => (s.detachedAt ? s : { ...s, detachedAt: ctx.now })) };
        const next = await moveShipment(ctx, detached, 'received');
        const { batchIds, wholeUnits } = await moveProducts(ctx, shipment, 'received', { owner: shipment.to, custodian: shipment.to });
        await joinBatches(ctx, batchIds, shipment.to);
        for (const unit of wholeUnits) {
            await startUnitSteps(ctx, unit);
        }
        await countOnOrder(ctx, shipment, 'quantityReceived', 'delivered');
        ctx.announce({ type: 'ShipmentReceived', parties: next.parties, ids: { shipmentId, orderId: shipment.orderId } });
        return canonicalJson(next);
    }

    /** Puts a sensor on the shipment; a sensor rides on one shipment at a time. */
    @Transaction()
    @Returns('string')
    async attachSensor(ctx: ColdtraceContext, shipmentId: string, sensorId: string): Promise<string> {
        const id = parseInput(SensorId, JSON.stringify(sensorId), 'sensorId');
        const shipment = await this.#shipmentFor(ctx, shipmentId, 'carrier', 'attach sensors to');
        if (shipment.state !== 'created' && shipment.state !== 'in_transit') {
            throw new ConflictError(`shipment ${shipmentId} is ${shipment.state}; sensors are attached before delivery`);
        }
        const current = await ctx.store.get<SensorAssignment>('sensorAssignment', [id]);
        if (current) {
            throw new ConflictError(`sensor ${id} is already attached to shipment ${current.shipmentId}`);
        }
        const assignment: SensorAssignment = { docType: 'sensorAssignment', sensorId: id, shipmentId, attachedAt: ctx.now, ...stamp(ctx) };
        await ctx.store.put('sensorAssignment', [id], assignment);
        const next: Shipment = {
            ...shipment,
            ...stamp(ctx),
            sensors: [...shipment.sensors, { sensorId: id, attachedAt: ctx.now }],
            timeline: [...shipment.timeline, { ...ctx.step('sensor_attached'), state: `sensor_attached:${id}` }],
        };
        await ctx.store.put('shipment', [shipmentId], next);
        ctx.announce({ type: 'SensorAttached', parties: next.parties, ids: { shipmentId, sensorId: id } });
        return canonicalJson(next);
    }

    @Transaction()
    @Returns('string')
    async detachSensor(ctx: ColdtraceContext, shipmentId: string, sensorId: string): Promise<string> {
        const shipment = await this.#shipmentFor(ctx, shipmentId, 'carrier', 'detach sensors from');
        const attached = shipment.sensors.find((s) => s.sensorId === sensorId && !s.detachedAt);
        if (!attached) {
            throw new ConflictError(`sensor ${sensorId} is not attached to shipment ${shipmentId}`);
        }
        await ctx.store.delete('sensorAssignment', [sensorId]);
        const next: Shipment = {
            ...shipment,
            ...stamp(ctx),
            sensors: shipment.sensors.map((s) => (s === attached ? { ...s, detachedAt: ctx.now } : s)),
            timeline: [...shipment.timeline, { ...ctx.step('sensor_detached'), state: `sensor_detached:${sensorId}` }],
        };
        await ctx.store.put('shipment', [shipmentId], next);
        ctx.announce({ type: 'SensorDetached', parties: next.parties, ids: { shipmentId, sensorId } });
        return canonicalJson(next);
    }

    @Transaction(false)
    @Returns('string')
    async get(ctx: ColdtraceContext, shipmentId: string): Promise<string> {
        return canonicalJson(await visibleRecord<Shipment>(ctx, 'shipment', shipmentId));
    }

    @Transaction(false)
    @Returns('string')
    async list(ctx: ColdtraceContext, queryJson: string): Promise<string> {
        const query = parseInput(ShipmentListQuery, queryJson, 'query');
        return canonicalJson(await visiblePage<Shipment>(ctx, 'shipment', query.state, query));
    }

    /** Loads a shipment and checks that the caller is the party (`carrier` or `to`) the step belongs to. */
    async #shipmentFor(ctx: ColdtraceContext, shipmentId: string, role: 'carrier' | 'to', action: string): Promise<Shipment> {
        const shipment = await ctx.store.require<Shipment>('shipment', [shipmentId], `shipment ${shipmentId}`);
        requireParty(ctx, shipment[role], role === 'carrier' ? 'shipmentCarrier' : 'shipmentConsignee', `${action} shipment ${shipmentId}`);
        return shipment;
    }
}

async function moveShipment(ctx: ColdtraceContext, shipment: Shipment, target: ShipmentState): Promise<Shipment> {
    requireTransition(SHIPMENT_STATES, shipment.state, target, `shipment ${shipment.shipmentId}`);
    const next: Shipment = { ...shipment, ...stamp(ctx), state: target, timeline: [...shipment.timeline, ctx.step(target)] };
    await ctx.store.put('shipment', [shipment.shipmentId], next);
    await ctx.index.move('shipment', shipment.shipmentId, shipment, next);
    return next;
}

/** The units already on an order's shipments: what a new shipment may add up to the quantity ordered. */
async function unitsOnShipments(ctx: ColdtraceContext, order: Order): Promise<number> {
    const shipments = await Promise.all(order.shipmentIds.map((id) => ctx.store.require<Shipment>('shipment', [id], `shipment ${id}`)));
    return shipments.reduce((sum, shipment) => sum + shipment.serialCount, 0);
}

/**
 * Counts a shipment's units on its order as picked up or received. The order takes its step when the
 * count reaches the quantity ordered, so an order shipped in several shipments is `shipped` when its
 * last one is picked up and `delivered` when its last one is received.
 */
async function countOnOrder(ctx: ColdtraceContext, shipment: Shipment, counter: 'quantityShipped' | 'quantityReceived', target: OrderState): Promise<void> {
    const order = await ctx.store.require<Order>('order', [shipment.orderId], `order ${shipment.orderId}`);
    const counted = order[counter] + shipment.serialCount;
    const complete = counted >= order.quantity;
    if (complete) {
        requireTransition(ORDER_STATES, order.state, target, `order ${order.orderId}`);
    }
    const next: Order = {
        ...order,
        ...stamp(ctx),
        [counter]: counted,
        ...(complete ? { state: target, timeline: [...order.timeline, ctx.step(target)] } : {}),
    };
    await ctx.store.put('order', [order.orderId], next);
    await ctx.index.move('order', order.orderId, order, next);
}

/**
 * Moves every product in the shipment's handling units one step on; answers the batches they belong
 * to, and the units all of whose products moved (so all sit in one position now). A unit its carrier
 * returned or destroyed on the way (a recall) has left the chain and stays as it is.
 */
async function moveProducts(ctx: ColdtraceContext, shipment: Shipment, target: ProductState, changes: ProductChanges): Promise<{ batchIds: string[]; wholeUnits: HandlingUnit[] }> {
    const batchIds = new Set<string>();
    const wholeUnits: HandlingUnit[] = [];
    for (const sscc of shipment.handlingUnits) {
        const unit = await ctx.store.require<HandlingUnit>('handlingUnit', [sscc], `handling unit ${sscc}`);
        let whole = true;
        for (const serial of unit.serials) {
            const product = await ctx.store.require<Product>('product', [serial], `product ${serial}`);
            if (hasLeftChain(product)) {
                whole = false;
                continue;
            }
            await advanceProduct(ctx, product, target, changes);
            batchIds.add(product.batchId);
        }
        if (whole && unit.batchIds) {
            wholeUnits.push(unit);
        }
    }
    return { batchIds: [...batchIds].sort(), wholeUnits };
}

/** The batches of the products in these handling units, sorted. */
async function batchIdsOf(ctx: ColdtraceContext, units: HandlingUnit[]): Promise<string[]> {
    const batchIds = new Set<string>();
    for (const unit of units) {
        // Units packed before handling units named their batches are read serial by serial.
        const ids = unit.batchIds ?? (await Promise.all(unit.serials.map(async (serial) => (await ctx.store.require<Product>('product', [serial], `product ${serial}`)).batchId)));
        ids.forEach((id) => batchIds.add(id));
    }
    return [...batchIds].sort();
}

/**
 * The profile every product on board tolerates: the highest minimum, the lowest maximum and the
 * shortest tolerated excursion of their batches. Batches that share no safe range cannot travel
 * together.
 */
async function strictestProfile(ctx: ColdtraceContext, batchIds: readonly string[]): Promise<TemperatureProfile> {
    const batches = await Promise.all(batchIds.map((id) => ctx.store.require<Batch>('batch', [id], `batch ${id}`)));
    const profile: TemperatureProfile = {
        minC: Math.max(...batches.map((b) => b.temperatureProfile.minC)),
        maxC: Math.min(...batches.map((b) => b.temperatureProfile.maxC)),
        maxExcursionMinutes: Math.min(...batches.map((b) => b.temperatureProfile.maxExcursionMinutes)),
    };
    if (profile.minC >= profile.maxC) {
        throw new InvalidArgumentError(
            `batches ${batches.map((b) => `${b.batchId} (${b.temperatureProfile.minC}–${b.temperatureProfile.maxC} °C)`).join(', ')} share no safe temperature range and cannot travel in one shipment`,
        );
    }
    return profile;
}
