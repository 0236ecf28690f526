import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AwsIotDeviceConnection } from '../agent/aws-iot-device-connection';
import { AwsIotMqtt5DeviceConnection } from '../agent/aws-iot-mqtt5-device-connection';
import { DurableQueue } from '../agent/durable-queue';
import { SensorAgent } from '../agent/sensor-agent';
import { provisionByClaim } from '../provisioning/fleet-provisioning-client';
import { storedOrProvisioned } from '../provisioning/stored-credentials';
import { claimClientId } from '../protocol/client-ids';
import { progressLine, runFleet } from './fleet-simulator';
import { parseScenarios, SCENARIOS } from './scenario';

const USAGE = `npm run sim -- [options]

Runs a fleet of simulated reefer sensors (the real agent, AWS IoT Device SDK v2) against the broker.
Devices get their certificates by fleet provisioning with the claim certificate that the backend
writes to <data>/telemetry/claim/; a sensor must be registered (POST /api/v1/sensors) or attached
to a shipment first.

  --sensors N           sensors to run (default 5)
  --shipments M         trucks they are spread over (default 1)
  --scenario LIST       ${SCENARIOS.join(', ')} (comma-separated; default normal)
  --prefix P            sensor ids are P-1 … P-N (default SIM); or --ids a,b,c
  --broker URL          default mqtts://localhost:8883
  --data DIR            the backend's data directory (default ./data)
  --speed S             simulated seconds per real second (default 60)
  --interval SECONDS    simulated seconds between readings (default 60)
  --duration MINUTES    simulated trip length (default 120)
  --offline-minutes N   offline period in the offline scenario (default 30)
  --skew-minutes N      clock error in the clock-skew scenario (default 7)
  --mqtt5               speak MQTT 5 (AWS IoT Core, Mosquitto) instead of MQTT 3.1.1
  --seed N              random seed (default 1)`;

/** A command line the simulator cannot run: answered with the usage text and status 2. */
class UsageError extends Error {
    override name = 'UsageError';
}

async function main(): Promise<void> {
    const { values } = parseSimArgs({
        options: {
            sensors: { type: 'string', default: '5' },
            shipments: { type: 'string', default: '1' },
            scenario: { type: 'string', default: 'normal' },
            prefix: { type: 'string', default: 'SIM' },
            ids: { type: 'string' },
            broker: { type: 'string', default: 'mqtts://localhost:8883' },
            data: { type: 'string', default: './data' },
            speed: { type: 'string', default: '60' },
            interval: { type: 'string', default: '60' },
            duration: { type: 'string', default: '120' },
            'offline-minutes': { type: 'string', default: '30' },
            'skew-minutes': { type: 'string', default: '7' },
            seed: { type: 'string', default: '1' },
            mqtt5: { type: 'boolean', default: false },
            help: { type: 'boolean', short: 'h' },
        },
    });
    if (values.help) {
        console.log(USAGE);
        return;
    }
    const count = positiveInteger(values.sensors, 'sensors');
    const sensorIds = values.ids ? values.ids.split(',') : Array.from({ length: count }, (_, i) => `${values.prefix}-${i + 1}`);
    const broker = new URL(values.broker);
    const dataDir = resolve(values.data);
    const claimDir = join(dataDir, 'telemetry', 'claim');
    if (!existsSync(join(claimDir, 'claim-cert.pem'))) {
        throw new Error(`no claim certificate in ${claimDir}: start the backend (npm start) with this data directory first`);
    }
    const caPem = readFileSync(join(claimDir, 'device-ca.pem'), 'utf8');
    const endpoint = { host: broker.hostname, port: Number(broker.port || 8883), caPem };
    const agents: SensorAgent[] = [];

    const agentFor = async (sensorId: string): Promise<SensorAgent> => {
        const dir = join(dataDir, 'sim', 'devices', sensorId);
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        const credentials = await storedOrProvisioned(dir, async () => {
            const claim = new AwsIotDeviceConnection({
                ...endpoint,
                clientId: claimClientId(sensorId),
                certificatePem: readFileSync(join(claimDir, 'claim-cert.pem'), 'utf8'),
                privateKeyPem: readFileSync(join(claimDir, 'claim-key.pem'), 'utf8'),
            });
            await claim.connect();
            return provisionByClaim(claim, sensorId, 'coldtrace-sensor').finally(() => claim.disconnect());
        });
        const device = { ...endpoint, clientId: sensorId, ...credentials };
        const connection = values.mqtt5 ? new AwsIotMqtt5DeviceConnection(device) : new AwsIotDeviceConnection(device);
        const agent = new SensorAgent({ sensorId, connection, queue: DurableQueue.open(join(dir, 'queue'), { sync: 'never' }) });
        await agent.start();
        agents.push(agent);
        return agent;
    };

    const startedAt = Date.now();
    const tty = process.stderr.isTTY;
    let lastLine = 0;
    const abort = new AbortController();
    process.once('SIGINT', () => abort.abort());
    const result = await runFleet({
        sensorIds,
        shipments: positiveInteger(values.shipments, 'shipments'),
        scenarios: parseScenarios(values.scenario),
        offlineMinutes: positiveInteger(values['offline-minutes'], 'offline-minutes'),
        skewMinutes: positiveInteger(values['skew-minutes'], 'skew-minutes'),
        speed: positiveInteger(values.speed, 'speed'),
        intervalSeconds: positiveInteger(values.interval, 'interval'),
        durationMinutes: positiveInteger(values.duration, 'duration'),
        seed: positiveInteger(values.seed, 'seed'),
        agentFor,
        signal: abort.signal,
        onProgress: (progress) => {
            if (tty) {
                process.stderr.write(`\r${progressLine(progress, startedAt)}\u001b[K`);
            } else if (Date.now() - lastLine > 5_000) {
                lastLine = Date.now();
                process.stderr.write(`${progressLine(progress, startedAt)}\n`);
            }
        },
    });
    const deadline = Date.now() + 30_000;
    while (agents.some((agent) => agent.backlog > 0) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
    }
    result.backlog = agents.reduce((sum, agent) => sum + agent.backlog, 0);
    process.stderr.write(tty ? `\r${progressLine(result, startedAt)}\u001b[K\n` : `${progressLine(result, startedAt)}\n`);
    await Promise.all(agents.map((agent) => agent.stop()));
    if (result.backlog > 0) {
        console.error(`${result.backlog} readings are still queued on the devices (kept in ${join(dataDir, 'sim', 'devices')}; sent on the next run)`);
        process.exitCode = 1;
    }
}

function parseSimArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
    try {
        return parseArgs(config);
    } catch (error) {
        throw (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? new UsageError((error as Error).message) : error;
    }
}

function positiveInteger(text: string | undefined, name: string): number {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) {
        throw new UsageError(`--${name} must be a whole number, not ${text}`);
    }
    return value;
}

main().catch((error: Error) => {
    console.error(error instanceof UsageError ? `sim: ${error.message}\n\n${USAGE}` : `sim: ${error.message}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
});
