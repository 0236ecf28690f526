import type { RunningServer } from '@coldtrace/api';
import { connectTls } from '@coldtrace/telemetry';
import { createDeviceKey, type Reading, Topics } from '@coldtrace/iot-sensor';

/**
 * Settings that let the server's sensors pipeline settle within a test: a short quiet period, fast
 * anchoring, and readings up to a day ahead of the clock (a trip's hours are played in seconds).
 */
export const FAST_TELEMETRY = {
    detector: { allowedLatenessMs: 3_600_000, idleMs: 300, maxClockSkewMs: 86_400_000 },
    store: { windowMinutes: 15, graceMs: 0 },
    anchorEveryMs: 200,
};

/**
 * Devices as they are in the truck, against the pipeline of the server under test: each with its
 * own key, a certificate from the device CA for its id, and an mTLS MQTT connection on which it
 * publishes readings (QoS 1, its own topic).
 *
 * @example
 * const sensors = new TestSensors(server);
 * await (await sensors.sensor('SENSOR-1')).send(readings);
 */
export class TestSensors {
    readonly #closers: (() => void)[] = [];

    readonly #server: RunningServer;

    constructor(server: RunningServer) {
        this.#server = server;
    }

    async sensor(sensorId: string): Promise<{ send(readings: Reading[]): Promise<void> }> {
        const pipeline = this.#server.context.telemetry;
        if (!pipeline) {
            throw new Error('the server under test runs without its telemetry pipeline');
        }
        const { privateKeyPem, csrPem } = await createDeviceKey(sensorId);
        const certificatePem = await pipeline.ca.signCsr(csrPem, { commonName: sensorId, kind: 'device' });
        const client = await connectTls(pipeline.brokerUrl, pipeline.ca.certificatePem, { certificatePem, privateKeyPem }, { clientId: sensorId });
        this.#closers.push(() => client.end(true));
        return {
            send: async (readings) => {
                for (const reading of readings) {
                    await client.publishAsync(Topics.telemetry(sensorId), JSON.stringify(reading), { qos: 1 });
                }
            },
        };
    }

    close(): void {
        this.#closers.splice(0).forEach((close) => close());
    }
}

/**
 * A reefer's readings every two minutes from `startMs` along a straight road between two places, with
 * these temperatures (°C).
 */
export function drive(sensorId: string, startMs: number, temps: readonly number[], from: [number, number], to: [number, number]): Reading[] {
    return temps.map((tempC, i) => {
        const f = temps.length > 1 ? i / (temps.length - 1) : 0;
        return {
            sensorId,
            seq: i,
            ts: new Date(startMs + i * 120_000).toISOString(),
            tempC,
            lat: Number((from[0] + (to[0] - from[0]) * f).toFixed(5)),
            lon: Number((from[1] + (to[1] - from[1]) * f).toFixed(5)),
        };
    });
}
