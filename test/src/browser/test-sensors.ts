import type { LedgerIdentity, ServerContext, ServerPlugin } from '@coldtrace/api';
import { connectTls, createTelemetryRouter, startTelemetryPipeline, type TelemetryPipeline } from '@coldtrace/api/telemetry';
import { createDeviceKey, type Reading, Topics } from '@coldtrace/iot-sensor';
import { type Request, Router } from 'express';

/**
 * The sensors pipeline (device CA, embedded mTLS broker, detector, digest anchorer, telemetry store)
 * plugged into the server under test, with the telemetry routes behind the API's sign-in, and
 * settings that let it settle within a test (short quiet period, fast anchoring). `npm start` wires
 * its own; this one is the browser suite's until the server exports that wiring.
 *
 * @example
 * const telemetry = new TelemetryPlugin();
 * await startServer(config, { plugins: [(ctx) => telemetry.start(ctx)] });
 * await telemetry.sensor('SENSOR-1').send(readings);
 */
export class TelemetryPlugin {
    #pipeline?: TelemetryPipeline;
    readonly #closers: (() => void)[] = [];

    async start(ctx: ServerContext): Promise<ServerPlugin> {
        const ledger = ctx.ledger.ledger;
        const pipeline = await startTelemetryPipeline({
            ledger,
            dataDir: ctx.config.dataDir,
            identities: { detector: await ctx.services.detector() },
            broker: { port: 0, host: '127.0.0.1' },
            detector: { allowedLatenessMs: 3_600_000, idleMs: 300 },
            store: { windowMinutes: 15, graceMs: 0 },
            anchorEveryMs: 200,
        });
        this.#pipeline = pipeline;
        const callers = new WeakMap<Request, LedgerIdentity>();
        const router = Router();
        router.use('/shipments/:id/telemetry', async (req, _res, next) => {
            try {
                callers.set(req, (await ctx.authenticator.caller(req)).identity);
                next();
            } catch (error) {
                next(error);
            }
        });
        router.use(createTelemetryRouter({ ledger, store: pipeline.store, identityOf: (req) => callers.get(req)! }));
        return {
            routers: [router],
            close: async () => {
                this.#closers.forEach((close) => close());
                await pipeline.close();
            },
        };
    }

    /**
     * A device as it is in the truck: its own key, a certificate from the device CA for its id, and an
     * mTLS MQTT connection on which it publishes readings (QoS 1, its own topic).
     */
    async sensor(sensorId: string): Promise<{ send(readings: Reading[]): Promise<void> }> {
        const pipeline = this.#pipeline;
        if (!pipeline) {
            throw new Error('the telemetry pipeline has not started');
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
