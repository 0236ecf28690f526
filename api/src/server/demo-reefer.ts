import { createDeviceKey, Topics } from '@coldtrace/iot-sensor';
import { connectTls } from '../telemetry/broker/tls-mqtt-client';
import { SENSOR_OWNER_MSP } from '../telemetry/provisioning/sensor-registry';
import type { TelemetryPipeline } from '../telemetry/telemetry-pipeline';

const MINUTE = 60_000;

/**
 * Plays a reefer failure through the real pipeline, as the demo's truck: a device with its own key
 * and a certificate from the device CA publishes 90 minutes of readings, one every 2 minutes from
 * `startMs`, that climb to 11.8 °C for 42 minutes and recover; the detector turns them into the
 * excursion on the ledger. The readings are dated after the moment they are sent, so a freshly
 * seeded world has a past.
 *
 * @example
 * await playReeferFailure(pipeline, 'SENSOR-DEMO-1', Date.parse(attachedAt) + 60_000);
 */
export async function playReeferFailure(pipeline: TelemetryPipeline, sensorId: string, startMs: number): Promise<void> {
    pipeline.registry.registerIfAbsent(sensorId, SENSOR_OWNER_MSP);
    const { privateKeyPem, csrPem } = await createDeviceKey(sensorId);
    const certificatePem = await pipeline.ca.signCsr(csrPem, { commonName: sensorId, kind: 'device' });
    const device = await connectTls(pipeline.brokerUrl, pipeline.ca.certificatePem, { certificatePem, privateKeyPem }, { clientId: sensorId });
    try {
        for (let minute = 0, seq = 0; minute <= 90; minute += 2, seq++) {
            const failing = minute >= 10 && minute < 52;
            const tempC = failing ? Math.round((8.4 + 3.4 * Math.sin((Math.PI * (minute - 10)) / 42)) * 10) / 10 : 4.6 + (seq % 3) / 10;
            const reading = { sensorId, seq, ts: new Date(startMs + minute * MINUTE).toISOString(), tempC, humidity: 60, lat: 50.85 + minute / 400, lon: 4.35 + minute / 300 };
            await device.publishAsync(Topics.telemetry(sensorId), JSON.stringify(reading), { qos: 1 });
        }
    } finally {
        device.end(true);
    }
}
