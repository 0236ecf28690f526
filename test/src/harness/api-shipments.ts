import type { Shipment } from '@coldtrace/chaincode/model';
import type { ApiHarness } from './api-harness';
import { GTIN } from './supply-chain-world';
import { first, only } from './elements';

/**
 * A shipment in transit with `sensorId` attached, made through the API by the roles that own each
 * step: a one-unit batch, its order, packing, the shipment, the carrier's attachment and pickup.
 *
 * @example
 * const shipment = await shipmentInTransit(api, 'T-1');
 * readingsOf('T-1', attachedMs(shipment) + 1_000, [5, 6]); // readings count from the attachment
 */
export async function shipmentInTransit(api: ApiHarness, sensorId: string): Promise<Shipment> {
    const m = api.as('manufacturer');
    const { serials } = await m.call('createBatch', { body: { gtin: GTIN, productName: 'Telemetry vaccine', quantity: 1, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 } });
    const { orderId } = await api.as('retailer').call('placeOrder', { body: { gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' } });
    await m.call('acceptOrder', { params: { orderId } });
    await m.call('inspectProduct', { params: { serial: only(serials, 'units of the batch') } });
    const { sscc } = await m.call('packHandlingUnit', { body: { serials } });
    const { shipmentId } = await m.call('createShipment', { body: { orderId, handlingUnits: [sscc], carrier: 'CarrierMSP' } });
    await api.as('carrier').call('attachSensor', { params: { shipmentId }, body: { sensorId } });
    return api.as('carrier').call('pickupShipment', { params: { shipmentId } });
}

/**
 * When the shipment's first sensor was attached, in epoch milliseconds: a sensor's readings count
 * from there. Fails when no sensor is attached.
 *
 * @example
 * const readings = readingsOf(sensorId, attachedMs(shipment) + 1_000, [5, 6, 5]);
 */
export function attachedMs(shipment: Shipment): number {
    return Date.parse(first(shipment.sensors, 'sensors attached to the shipment').attachedAt);
}
