import { z } from 'zod';

/**
 * What a device is told through its shadow's `desired` state: how often to measure, and the
 * thresholds it may use to raise its own reporting rate.
 */
export const DeviceConfig = z.strictObject({
    intervalSeconds: z.number().int().min(1).max(3600),
    minC: z.number().min(-100).max(100),
    maxC: z.number().min(-100).max(100),
});
export type DeviceConfig = z.infer<typeof DeviceConfig>;

export const DEFAULT_DEVICE_CONFIG: DeviceConfig = { intervalSeconds: 60, minC: 2, maxC: 8 };
