import { connectTls } from '@coldtrace/telemetry';
import { ReadingAck, Topics } from '@coldtrace/iot-sensor/protocol';
import type { DeviceCredentials } from './shipment-world';

/**
 * Publishes one reading from `device` and resolves with the seconds until the detector acknowledged
 * it. The detector learns attachments from ledger events in block order and leaves readings of a
 * sensor it does not know yet unacknowledged, so the ack of the last-attached sensor's reading means
 * it has caught up with every attachment before it.
 *
 * @example
 * const seconds = await awaitDetectorKnows(bench.server.mqttUrl, devices.at(-1)!, { seq: 0, eventMs: Date.now() });
 */
export async function awaitDetectorKnows(mqttUrl: string, device: DeviceCredentials, reading: { seq: number; eventMs: number }, timeoutMs = 30 * 60_000): Promise<number> {
    const started = Date.now();
    const client = await connectTls(mqttUrl.replace('//localhost:', '//127.0.0.1:'), device.caPem, device, {
        servername: 'localhost',
        clientId: device.sensorId,
        reconnectPeriod: 1_000,
    });
    try {
        const acked = new Promise<void>((resolve) =>
            client.on('message', (_topic, payload) => {
                if (ReadingAck.safeParse(JSON.parse(payload.toString('utf8'))).data?.seqs.includes(reading.seq)) {
                    resolve();
                }
            }),
        );
        await client.subscribeAsync(Topics.ack(device.sensorId), { qos: 1 });
        const payload = { sensorId: device.sensorId, seq: reading.seq, ts: new Date(reading.eventMs).toISOString(), tempC: 5, lat: 52.37, lon: 4.9 };
        await client.publishAsync(Topics.telemetry(device.sensorId), JSON.stringify(payload), { qos: 1 });
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
            acked,
            new Promise((_resolve, reject) => {
                timer = setTimeout(() => reject(new Error(`the detector did not acknowledge ${device.sensorId}'s reading within ${timeoutMs / 1000} s`)), timeoutMs);
            }),
        ]).finally(() => clearTimeout(timer));
        return (Date.now() - started) / 1000;
    } finally {
        await client.endAsync(true);
    }
}
