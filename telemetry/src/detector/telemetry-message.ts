import { z } from 'zod';
import { Reading } from '@coldtrace/iot-sensor/protocol';

/**
 * What one message on `coldtrace/sensors/{sensorId}/telemetry` turned out to be: a reading of that
 * sensor, or something invalid. An invalid one keeps the topic's sensor (the broker's ACL vouches
 * for the topic, so that is the sender) and, if the payload still has a usable `seq`, that number,
 * so the sender can be told to drop it; `seq` is undefined when there is nothing to acknowledge.
 */
export type TelemetryMessage = { kind: 'reading'; reading: Reading } | { kind: 'invalid'; sensorId: string; seq: number | undefined };

// Only as much of a reading as an acknowledgement needs: whatever else is wrong with the payload.
const Sequenced = z.object({ seq: Reading.shape.seq });

/**
 * Reads a telemetry message published on the topic of `sensorId`.
 *
 * @example
 * parseTelemetryMessage('T-1', Buffer.from('{"sensorId":"T-1","seq":7,"tempC":500}'));
 * // → { kind: 'invalid', sensorId: 'T-1', seq: 7 }
 */
export function parseTelemetryMessage(sensorId: string, payload: Buffer): TelemetryMessage {
    let json: unknown;
    try {
        json = JSON.parse(payload.toString('utf8'));
    } catch {
        return { kind: 'invalid', sensorId, seq: undefined };
    }
    const reading = Reading.safeParse(json);
    // The payload must not speak for another sensor than the one its topic vouches for.
    if (reading.success && reading.data.sensorId === sensorId) {
        return { kind: 'reading', reading: reading.data };
    }
    const sequenced = Sequenced.safeParse(json);
    return { kind: 'invalid', sensorId, seq: sequenced.success ? sequenced.data.seq : undefined };
}
