import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
    claimClientId,
    type FleetProgress,
    newAwsIotDeviceConnection,
    newSensorAgent,
    openDurableQueue,
    provisionByClaim,
    runFleet,
    type Scenario,
    type SensorAgent,
    storedOrProvisioned,
} from '@coldtrace/iot-sensor';
import { PROVISIONING_TEMPLATE } from './provisioning/fleet-provisioning-service';
import type { TelemetryPipeline } from './telemetry-pipeline';

export interface SimulatedFleetOptions {
    pipeline: TelemetryPipeline;
    /** Keeps each device's key, certificate and queue under `<dataDir>/sim/devices/<id>`. */
    dataDir: string;
    /** Sensors attached (or about to be) to shipments; registered here so they may provision by claim. */
    sensorIds: string[];
    /** The carrier organization that owns these sensors (the one that attaches them to its shipments). */
    owner: string;
    shipments?: number;
    scenarios?: Scenario[];
    /** Simulated seconds per real second; default 60. */
    speed?: number;
    intervalSeconds?: number;
    durationMinutes?: number;
    onProgress?: (progress: FleetProgress) => void;
}

/**
 * A small simulated fleet inside the backend process, for `npm start`: each sensor provisions by
 * claim over the broker like a real device, once — its key and certificate are kept "on the
 * device", i.e. its directory, and used again after a restart — then the simulator drives it. Runs
 * in the background; `stop()` ends it.
 *
 * @example
 * const fleet = await startSimulatedFleet({ pipeline, dataDir: './data', sensorIds: ['SIM-1'], owner: 'CarrierMSP', scenarios: ['door-opening'] });
 * await fleet.stop();
 */
export async function startSimulatedFleet(options: SimulatedFleetOptions): Promise<{ done: Promise<FleetProgress>; stop(): Promise<void> }> {
    const { pipeline } = options;
    const url = new URL(pipeline.brokerUrl);
    const endpoint = { host: url.hostname, port: Number(url.port || 8883), caPem: pipeline.ca.certificatePem };
    const agents: SensorAgent[] = [];
    const abort = new AbortController();
    for (const sensorId of options.sensorIds) {
        pipeline.registry.registerIfAbsent(sensorId, options.owner);
    }
    const agentFor = async (sensorId: string): Promise<SensorAgent> => {
        const dir = join(options.dataDir, 'sim', 'devices', sensorId);
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        // Provisioned by claim once; after a restart the device reconnects with what it kept.
        const credentials = await storedOrProvisioned(
            dir,
            async () => {
                const claim = newAwsIotDeviceConnection({
                    ...endpoint,
                    clientId: claimClientId(sensorId),
                    certificatePem: readFileSync(pipeline.claim.certificatePath, 'utf8'),
                    privateKeyPem: readFileSync(pipeline.claim.privateKeyPath, 'utf8'),
                });
                await claim.connect();
                return provisionByClaim(claim, sensorId, PROVISIONING_TEMPLATE).finally(() => claim.disconnect());
            },
            // Kept from a device CA this data directory no longer has: of no use on this broker.
            ({ certificatePem }) => {
                const identity = pipeline.ca.identityOf(certificatePem);
                return identity?.kind === 'device' && identity.commonName === sensorId;
            },
        );
        const connection = newAwsIotDeviceConnection({ ...endpoint, clientId: sensorId, ...credentials });
        const agent = newSensorAgent({ sensorId, connection, queue: openDurableQueue(join(dir, 'queue'), { sync: 'never' }) });
        await agent.start();
        agents.push(agent);
        return agent;
    };
    const done = runFleet({
        sensorIds: options.sensorIds,
        shipments: options.shipments ?? 1,
        scenarios: options.scenarios ?? ['door-opening'],
        offlineMinutes: 20,
        skewMinutes: 5,
        speed: options.speed ?? 60,
        intervalSeconds: options.intervalSeconds ?? 60,
        durationMinutes: options.durationMinutes ?? 240,
        agentFor,
        onProgress: options.onProgress,
        signal: abort.signal,
    });
    return {
        done,
        async stop() {
            abort.abort();
            await done.catch(() => undefined);
            await Promise.all(agents.map((agent) => agent.stop()));
        },
    };
}
