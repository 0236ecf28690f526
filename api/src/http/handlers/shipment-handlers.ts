import type { JsonLedgerClient } from '@coldtrace/ledger-client';
import type { RouteHandlers } from './route-handlers';

type ShipmentRoutes =
    | 'packHandlingUnit'
    | 'getHandlingUnit'
    | 'createShipment'
    | 'listShipments'
    | 'getShipment'
    | 'pickupShipment'
    | 'deliverShipment'
    | 'receiveShipment'
    | 'attachSensor'
    | 'detachSensor'
    | 'listExcursions'
    | 'releaseExcursion'
    | 'rejectExcursion'
    | 'listDigests';

/** Handling units and shipments, with the sensors riding on them and what the detector recorded. */
export function shipmentHandlers(ledger: JsonLedgerClient): RouteHandlers<ShipmentRoutes> {
    const step =
        (action: 'pickup' | 'deliver' | 'receive'): RouteHandlers<'pickupShipment'>['pickupShipment'] =>
        ({ params }, { identity }) =>
            ledger.submit(identity, `shipment:${action}`, [params.shipmentId]);
    return {
        packHandlingUnit: ({ body }, { identity }) => ledger.submit(identity, 'handlingUnit:pack', [body]),
        getHandlingUnit: ({ params }, { identity }) => ledger.evaluate(identity, 'handlingUnit:get', [params.sscc]),
        createShipment: ({ body }, { identity }) => ledger.submit(identity, 'shipment:create', [body]),
        listShipments: ({ query }, { identity }) => ledger.evaluate(identity, 'shipment:list', [query]),
        getShipment: ({ params }, { identity }) => ledger.evaluate(identity, 'shipment:get', [params.shipmentId]),
        pickupShipment: step('pickup'),
        deliverShipment: step('deliver'),
        receiveShipment: step('receive'),
        attachSensor: ({ params, body }, { identity }) => ledger.submit(identity, 'shipment:attachSensor', [params.shipmentId, body.sensorId]),
        detachSensor: ({ params }, { identity }) => ledger.submit(identity, 'shipment:detachSensor', [params.shipmentId, params.sensorId]),
        listExcursions: ({ params }, { identity }) => ledger.evaluate(identity, 'telemetry:listExcursions', [params.shipmentId]),
        releaseExcursion: ({ params, body }, { identity }) => ledger.submit(identity, 'excursion:release', [params.shipmentId, params.excursionId, body]),
        rejectExcursion: ({ params, body }, { identity }) => ledger.submit(identity, 'excursion:reject', [params.shipmentId, params.excursionId, body]),
        listDigests: ({ params }, { identity }) => ledger.evaluate(identity, 'telemetry:listDigests', [params.shipmentId]),
    };
}
