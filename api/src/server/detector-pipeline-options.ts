import type { TelemetryEvent, TelemetryPipelineOptions } from '@coldtrace/telemetry';
import type { Logger } from 'pino';
import type { ServerConfig } from './server-config';
import type { ServiceIdentities } from './service-identities';

/**
 * The telemetry pipeline's settings as the server's configuration gives them, shared by `npm start`
 * (the pipeline inside the API's process) and `npm run detector` (the pipeline as its own process),
 * so both watch with the same detector identities, broker, clock-skew bound and flood guard.
 *
 * @example
 * const pipeline = await startTelemetryPipeline({ ledger, ...(await detectorPipelineOptions(config, services, logger)) });
 */
export async function detectorPipelineOptions(
    config: ServerConfig,
    services: ServiceIdentities,
    logger: Logger,
    onEvent: (event: TelemetryEvent) => void = () => undefined,
): Promise<Omit<TelemetryPipelineOptions, 'ledger'>> {
    return {
        dataDir: config.dataDir,
        identities: { detector: await services.detector(), detectorOf: (carrier) => services.detector(carrier) },
        broker: brokerOf(config),
        clientId: config.detectorName,
        events: (event) => {
            // Stored readings are announced every second or so per shipment: worth a debug line, not an info one.
            logger[event.type === 'ReadingsStored' ? 'debug' : 'info']({ telemetry: event }, `telemetry: ${event.type}`);
            onEvent(event);
        },
        log: logger,
        detector: { maxClockSkewMs: config.maxClockSkewSeconds * 1000 },
        floodGuard: { ratePerSecond: config.sensorFlood.readingsPerSecond, burst: config.sensorFlood.burst },
        ...(config.telemetryStoreUrl && { store: { url: config.telemetryStoreUrl } }),
    };
}

function brokerOf(config: ServerConfig): TelemetryPipelineOptions['broker'] {
    if (config.nats && config.mqttUrl) {
        const { url, partitions, configDir, deviceAckQos } = config.nats;
        return { nats: { url, mqttUrl: config.mqttUrl, partitions, configDir, deviceAckQos } };
    }
    return config.mqttUrl ? { url: config.mqttUrl } : { port: config.mqttPort, host: config.host, maxPacketBytes: config.mqttMaxPacketBytes };
}
