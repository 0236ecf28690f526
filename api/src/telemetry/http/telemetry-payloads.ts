import { z } from 'zod';
import { SensorId } from '@coldtrace/iot-sensor/protocol';
import type { StoredReading } from '../store/telemetry-store';

const ShipmentId = z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, ".", "_" or "-"');
export const ShipmentTelemetryParams = z.strictObject({ id: ShipmentId });

export const TelemetryQuery = z.strictObject({
    sensorId: SensorId.optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(1000),
    /** The `next` cursor of the previous page. */
    after: z.string().max(200).optional(),
});
export type TelemetryQuery = z.infer<typeof TelemetryQuery>;

/** One page of a shipment's readings in event-time order; `next` is absent on the last page. */
export interface TelemetryPage {
    shipmentId: string;
    items: StoredReading[];
    next?: string;
}
