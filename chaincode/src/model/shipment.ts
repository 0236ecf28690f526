import { z } from 'zod';
import { MspIdSchema, RecordId, type TimelineEntry, type RecordStamp } from './common';
import { Sscc } from './gs1-fields';
import { Limits } from './limits';
import type { TemperatureProfile } from './batch';

export const SHIPMENT_STATES = ['created', 'in_transit', 'delivered', 'received'] as const;
export type ShipmentState = (typeof SHIPMENT_STATES)[number];

export const CreateShipmentInput = z.strictObject({
    shipmentId: RecordId.optional(),
    orderId: RecordId,
    handlingUnits: z.array(Sscc).min(1).max(Limits.handlingUnitsPerShipment),
    carrier: MspIdSchema,
});
export type CreateShipmentInput = z.input<typeof CreateShipmentInput>;

export const SensorId = z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'must be letters, digits, ".", "_", ":" or "-"');

/** A sensor's stay on a shipment; only readings inside [attachedAt, detachedAt) count. */
export interface SensorAttachment {
    sensorId: string;
    attachedAt: string;
    detachedAt?: string;
}

export interface Shipment extends RecordStamp {
    docType: 'shipment';
    shipmentId: string;
    orderId: string;
    from: string;
    to: string;
    carrier: string;
    handlingUnits: string[];
    serialCount: number;
    /**
     * The strictest profile of the batches on board (highest minimum, lowest maximum, shortest
     * tolerated excursion): what the carrier's detector watches, since a carrier cannot read batches.
     */
    temperatureProfile: TemperatureProfile;
    sensors: SensorAttachment[];
    state: ShipmentState;
    parties: string[];
    timeline: TimelineEntry[];
}

/** Which shipment a sensor currently rides on; its own key so a sensor is on one shipment at a time. */
export interface SensorAssignment extends RecordStamp {
    docType: 'sensorAssignment';
    sensorId: string;
    shipmentId: string;
    attachedAt: string;
}
