import type { Shipment } from '@coldtrace/chaincode/model';
import type { ApiHarness } from './api-harness';
import { GTIN } from './supply-chain-world';

/**
 * A shipment in transit with `sensorId` attached, made through the API by the roles that own each
 * step: a one-unit batch, its order, packing, the shipment, the carrier's attachment and pickup.
 *
 * @example
 * const shipment = await shipmentInTransit(api, 'T-1');
 * Date.parse(shipment.sensors[0]!.attachedAt); // readings count from here
 */
export async function shipmentInTransit(api: ApiHarness, sensorId: string): Promise<Shipment> {
    const m = api.as('manufacturer');
    const { serials } = await m.call('createBatch', { body: { gtin: GTIN, productName: 'Telemetry vaccine', quantity: 1, tempMinC: 2, tempMaxC: 8, maxExcursionMinutes: 30 } });
    const { orderId } = await api.as('retailer').call('placeOrder', { body: { gtin: GTIN, quantity: 1, manufacturer: 'ManufacturerMSP' } });
    await m.call('acceptOrder', { params: { orderId } });
    await m.call('inspectProduct', { params: { serial: serials[0] } });
    const { sscc } = await m.call('packHandlingUnit', { body: { serials } });
    const { shipmentId } = await m.call('createShipment', { body: { orderId, handlingUnits: [sscc], carrier: 'CarrierMSP' } });
    await api.as('carrier').call('attachSensor', { params: { shipmentId }, body: { sensorId } });
    return api.as('carrier').call('pickupShipment', { params: { shipmentId } });
}
