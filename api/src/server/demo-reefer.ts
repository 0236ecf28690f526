import { createDeviceKey, Topics } from '@coldtrace/iot-sensor';
import { connectTls, type TelemetryPipeline } from '@coldtrace/telemetry';

const STEP_SECONDS = 15;
/** Above 8 °C from 0:30 to 2:45 after `startMs`: longer than the 2 minutes the demo vaccine tolerates. */
const FAILING_FROM_S = 30;
const FAILING_UNTIL_S = 180;
const LAST_S = 210;

/**
 * Plays a reefer failure through the real pipeline, as the demo's truck: a device with its own key
 * and a certificate from the device CA publishes a reading every 15 s for 3.5 minutes from
 * `startMs`, climbing to 11.8 °C for 2.5 minutes and recovering; the detector turns them into the
 * excursion on the ledger. The readings lie ahead of the clock (the world is seeded in seconds) but
 * within the detector's clock-skew bound of 5 minutes: a reading dated further ahead is refused.
 *
 * @example
 * await playReeferFailure(pipeline, 'SENSOR-DEMO-1', Date.parse(attachedAt) + 60_000, 'CarrierMSP');
 */
export async function playReeferFailure(pipeline: TelemetryPipeline, sensorId: string, startMs: number, owner: string): Promise<void> {
    pipeline.registry.registerIfAbsent(sensorId, owner);
    const { privateKeyPem, csrPem } = await createDeviceKey(sensorId);
    const certificatePem = await pipeline.ca.signCsr(csrPem, { commonName: sensorId, kind: 'device' });
    const device = await connectTls(pipeline.brokerUrl, pipeline.ca.certificatePem, { certificatePem, privateKeyPem }, { clientId: sensorId });
    try {
        for (let second = 0, seq = 0; second <= LAST_S; second += STEP_SECONDS, seq++) {
            const failing = second >= FAILING_FROM_S && second < FAILING_UNTIL_S;
            const tempC = failing ? Math.round((8.4 + 3.4 * Math.sin((Math.PI * (second - FAILING_FROM_S)) / (FAILING_UNTIL_S - FAILING_FROM_S))) * 10) / 10 : 4.6 + (seq % 3) / 10;
            const reading = { sensorId, seq, ts: new Date(startMs + second * 1000).toISOString(), tempC, humidity: 60, lat: 50.85 + second / 24_000, lon: 4.35 + second / 18_000 };
            await device.publishAsync(Topics.telemetry(sensorId), JSON.stringify(reading), { qos: 1 });
        }
    } finally {
        device.end(true);
    }
}
