import { z } from 'zod';

/** A sensor id as the chaincode accepts it, so a device name is always a valid ledger key. */
export const SensorId = z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'must be letters, digits, ".", "_", ":" or "-"');

/**
 * One reading as a device publishes it on `coldtrace/sensors/{sensorId}/telemetry` (QoS 1). `seq`
 * grows by one per reading and, with `sensorId`, identifies it across retries; `ts` is when the
 * reading was taken, not when it was sent.
 *
 * @example
 * Reading.parse({ sensorId: 'T-1', seq: 7, ts: '2026-11-20T10:00:00.000Z', tempC: 4.2, lat: 52.1, lon: 4.3 });
 */
export const Reading = z.strictObject({
    sensorId: SensorId,
    seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    ts: z.iso.datetime({ offset: true }),
    tempC: z.number().min(-100).max(100),
    humidity: z.number().min(0).max(100).optional(),
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    battery: z.number().min(0).max(100).optional(),
});
export type Reading = z.infer<typeof Reading>;

/**
 * Why the backend refused a reading for good, so sending it again cannot help: `future` — dated
 * further ahead of the backend's clock than the clock-skew bound allows (the device's clock is wrong);
 * `invalid` — the payload does not match the `Reading` schema or speaks for another sensor than its
 * topic's (the device's software or configuration is wrong). An invalid payload is refused only if
 * its `seq` can still be read; without one there is nothing to acknowledge.
 */
export const ReadingRefusalReason = z.enum(['future', 'invalid']);
export type ReadingRefusalReason = z.infer<typeof ReadingRefusalReason>;

/**
 * What the backend sends on `coldtrace/sensors/{sensorId}/ack` once readings are durably stored
 * (and any excursion they caused is committed on the ledger) or refused for good: the device may
 * forget every reading in `seqs`. `refused` names those of them that were refused, and why.
 *
 * @example
 * ReadingAck.parse({ seqs: [7, 8], refused: [{ seq: 8, reason: 'future' }] });
 */
export const ReadingAck = z.strictObject({
    seqs: z.array(z.number().int().min(0)).max(10_000),
    refused: z
        .array(z.strictObject({ seq: z.number().int().min(0), reason: ReadingRefusalReason }))
        .max(10_000)
        .optional(),
});
export type ReadingAck = z.infer<typeof ReadingAck>;
