import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { type EmbeddedLedgerBackend, type LedgerIdentity } from '@coldtrace/ledger-client';
import {
    connectTls,
    createScratchPostgresDatabase,
    openTelemetryStateDatabase,
    type ScratchPostgresDatabase,
    startTelemetryPipeline,
    type TelemetryEvent,
    type TelemetryPipeline,
    type TelemetryPipelineOptions,
    telemetryStatePath,
    TEST_DATABASE_URL_VARIABLE,
} from '@coldtrace/telemetry';
import { DETECTOR_ROLE, type Excursion, ROLE_ATTRIBUTE } from '@coldtrace/chaincode/model';
import {
    type AwsIotDeviceConnection,
    createDeviceKey,
    newAwsIotDeviceConnection,
    newSensorAgent,
    openDurableQueue,
    type Reading,
    type SensorAgent,
    Topics,
} from '@coldtrace/iot-sensor';
import { createEmbeddedHarness } from '../harness/embedded-harness';
import type { LedgerHarness } from '../harness/ledger-harness';
import { SupplyChainWorld } from '../harness/supply-chain-world';
import { only } from '../harness/elements';
import { freePort } from '@coldtrace/telemetry';
import { NatsBroker } from './nats-broker';

export { freePort };
import { type StandaloneBroker, startStandaloneBroker } from './standalone-broker';

/**
 * Which broker the pipeline runs against: the embedded aedes (default, inside the pipeline), aedes
 * beside it (`standalone-aedes`, which a test can stop and start), a real Mosquitto, or a real
 * nats-server (MQTT gateway for the devices, JetStream partitions for the detector).
 */
export type BrokerKind = 'aedes' | 'standalone-aedes' | 'mosquitto' | 'nats';

export interface Device {
    sensorId: string;
    certificatePem: string;
    privateKeyPem: string;
}

/**
 * Options that make the pipeline settle within a test: short quiet period, fast anchoring, and
 * readings up to a day ahead of the clock (suites play hours of a trip, from its attachment, in seconds).
 */
const FAST: Partial<TelemetryPipelineOptions> = {
    detector: { allowedLatenessMs: 3_600_000, idleMs: 300, maxClockSkewMs: 86_400_000 },
    store: { windowMinutes: 15, graceMs: 0 },
    anchorEveryMs: 200,
};

/** The detectors the NATS server lets in: the fixture's pipeline and others a test starts beside it. */
export const NATS_DETECTORS = ['coldtrace-detector', 'coldtrace-detector-2'];

/** Detectors on NATS that hand a dead one's partitions over within seconds, not the production default. */
const FAST_NATS = { leaseMs: 1_500, ackWaitMs: 2_000 };

/**
 * The whole sensors-to-ledger path on one machine: an embedded ledger with a shipment world, the
 * telemetry pipeline (device CA, embedded mTLS broker on a fixed free port, detector, anchorer) in
 * a temporary data directory, and devices provisioned by CSR that run the real agent. The readings
 * go to the embedded SQLite store, or, when `COLDTRACE_TEST_TELEMETRY_DATABASE_URL` names a
 * PostgreSQL server (`npm run test:postgres`), to a database of the fixture's own on it.
 *
 * @example
 * const fixture = await PipelineFixture.start();
 * const shipment = await fixture.world.shipment(2, 'in_transit');
 */
export class PipelineFixture {
    readonly #agents: SensorAgent[] = [];
    readonly #clients: MqttClient[] = [];
    readonly #connections: AwsIotDeviceConnection[] = [];
    #stoppedNats: NatsBroker | undefined;
    readonly #detectors: TelemetryPipeline[] = [];

    readonly #options: Partial<TelemetryPipelineOptions>;
    readonly #brokerKind: BrokerKind;
    #broker: StandaloneBroker | undefined;
    readonly #scratch: ScratchPostgresDatabase | undefined;

    private constructor(
        readonly harness: LedgerHarness,
        /** Everything the pipeline announced, across restarts. */
        readonly events: TelemetryEvent[],
        readonly world: SupplyChainWorld,
        readonly detector: LedgerIdentity,
        readonly dataDir: string,
        readonly port: number,
        options: Partial<TelemetryPipelineOptions>,
        public pipeline: TelemetryPipeline,
        brokerKind: BrokerKind,
        broker?: StandaloneBroker,
        scratch?: ScratchPostgresDatabase,
    ) {
        this.#options = options;
        this.#brokerKind = brokerKind;
        this.#broker = broker;
        this.#scratch = scratch;
    }

    static async start(options: Partial<TelemetryPipelineOptions> = {}, brokerKind: BrokerKind = 'aedes'): Promise<PipelineFixture> {
        const harness = await createEmbeddedHarness();
        const detector = await (harness.ledger as EmbeddedLedgerBackend).ledger.enroll('CarrierMSP', 'telemetry-detector', { [ROLE_ATTRIBUTE]: DETECTOR_ROLE });
        const dataDir = mkdtempSync(join(tmpdir(), 'coldtrace-pipeline-'));
        const port = await freePort();
        const nats = brokerKind === 'nats' ? await NatsBroker.start(dataDir, { mqttPort: port, port: await freePort() }, NATS_DETECTORS) : undefined;
        const standalone = brokerKind === 'aedes' ? undefined : (nats ?? (await startStandaloneBroker(brokerKind === 'mosquitto' ? 'mosquitto' : 'aedes', dataDir, port)));
        const broker: TelemetryPipelineOptions['broker'] = nats
            ? { nats: { url: nats.natsUrl, mqttUrl: nats.url, configDir: nats.configDir, ...FAST_NATS } }
            : standalone
              ? { url: standalone.url }
              : { port };
        const serverUrl = process.env[TEST_DATABASE_URL_VARIABLE];
        const scratch = serverUrl ? await createScratchPostgresDatabase(serverUrl) : undefined;
        const merged: Partial<TelemetryPipelineOptions> = { ...FAST, broker, ...options };
        if (scratch) {
            merged.store = { ...merged.store, url: scratch.url };
        }
        const events: TelemetryEvent[] = [];
        const pipeline = await startTelemetryPipeline({
            ledger: harness.ledger,
            dataDir,
            identities: { detector, detectorOf: detectorOf(harness) },
            events: (e) => events.push(e),
            ...merged,
        });
        return new PipelineFixture(harness, events, new SupplyChainWorld(harness), detector, dataDir, port, merged, pipeline, brokerKind, standalone, scratch);
    }

    /** Stops a standalone broker (not the pipeline), as a broker crash or a network outage does for everyone. */
    async stopBroker(): Promise<void> {
        if (!this.#broker) {
            throw new Error('only a standalone broker can be stopped apart from the pipeline');
        }
        await this.#broker.stop();
        this.#stoppedNats = this.#broker instanceof NatsBroker ? this.#broker : undefined;
        this.#broker = undefined;
    }

    /** Starts the standalone broker again on the same port and data: Mosquitto and NATS find their persisted sessions. */
    async startBroker(): Promise<void> {
        if (this.#stoppedNats) {
            await this.#stoppedNats.restart();
            [this.#broker, this.#stoppedNats] = [this.#stoppedNats, undefined];
            return;
        }
        this.#broker = await startStandaloneBroker(this.#brokerKind === 'mosquitto' ? 'mosquitto' : 'aedes', this.dataDir, this.port);
    }

    /**
     * Kills the pipeline and starts it again on the same data: with the embedded broker, broker and
     * detector go down together; with Mosquitto only the detector does, and its persistent session waits.
     */
    async restartPipeline(): Promise<void> {
        await this.pipeline.close();
        this.pipeline = await startTelemetryPipeline({
            ledger: this.harness.ledger,
            dataDir: this.dataDir,
            identities: { detector: this.detector, detectorOf: detectorOf(this.harness) },
            events: (e) => this.events.push(e),
            ...this.#options,
        });
    }

    /** Edits a stored reading's temperature behind the store's back, as someone with database access could. */
    async alterStoredReading(sensorId: string, seq: number, tempC: number): Promise<void> {
        if (this.#scratch) {
            await this.#scratch.query('UPDATE readings SET temp_c = $1 WHERE sensor_id = $2 AND seq = $3', [tempC, sensorId, seq]);
            return;
        }
        // The embedded store keeps its readings in the state database's file.
        const database = openTelemetryStateDatabase(telemetryStatePath(this.dataDir));
        database.prepare('UPDATE readings SET temp_c = ? WHERE sensor_id = ? AND seq = ?').run(tempC, sensorId, seq);
        database.close();
    }

    /**
     * Another detector on the same data and ledger (on NATS, where detectors share the partitions),
     * named `clientId` (one of NATS_DETECTORS); closed with the fixture.
     */
    async startDetector(clientId: string): Promise<TelemetryPipeline> {
        const pipeline = await startTelemetryPipeline({
            ledger: this.harness.ledger,
            dataDir: this.dataDir,
            identities: { detector: this.detector, detectorOf: detectorOf(this.harness) },
            events: (e) => this.events.push(e),
            ...this.#options,
            clientId,
        });
        this.#detectors.push(pipeline);
        return pipeline;
    }

    async provision(sensorId: string): Promise<Device> {
        const { privateKeyPem, csrPem } = await createDeviceKey(sensorId);
        // NATS names each device among its users: the new one must be there before it connects.
        await this.nats?.admit({ commonName: sensorId, kind: 'device' });
        return { sensorId, privateKeyPem, certificatePem: await this.pipeline.ca.signCsr(csrPem, { commonName: sensorId, kind: 'device' }) };
    }

    /**
     * The device's agent on the AWS IoT Device SDK; readings recorded before `start` wait in its queue
     * (a fresh one, or `queueDir` with whatever a test left there).
     */
    agent(device: Device, options: { sync?: 'always' | 'never'; resendAfterMs?: number; maxInFlight?: number; queueDir?: string } = {}): SensorAgent {
        const connection = newAwsIotDeviceConnection(
            { host: 'localhost', port: this.port, clientId: device.sensorId, caPem: this.pipeline.ca.certificatePem, ...device },
            { reconnectMinSeconds: 1, reconnectMaxSeconds: 1 },
        );
        const dir = options.queueDir ?? mkdtempSync(join(this.dataDir, 'device-'));
        const agent = newSensorAgent({
            sensorId: device.sensorId,
            connection,
            queue: openDurableQueue(dir, { sync: options.sync }),
            useShadow: false,
            resendAfterMs: options.resendAfterMs ?? 1_000,
            maxInFlight: options.maxInFlight,
        });
        this.#agents.push(agent);
        return agent;
    }

    /** A device connection (AWS IoT Device SDK) holding the fleet's claim certificate, connected. */
    async claimConnection(clientId: string): Promise<AwsIotDeviceConnection> {
        const { claim } = this.pipeline;
        const connection = newAwsIotDeviceConnection({
            host: 'localhost',
            port: this.port,
            clientId,
            caPem: readFileSync(claim.caPath, 'utf8'),
            certificatePem: readFileSync(claim.certificatePath, 'utf8'),
            privateKeyPem: readFileSync(claim.privateKeyPath, 'utf8'),
        });
        await connection.connect();
        this.#connections.push(connection);
        return connection;
    }

    /** A bare MQTT client holding the device's certificate, to publish exactly what a test wants. */
    async rawDevice(device: Device): Promise<MqttClient> {
        const client = await connectTls(this.pipeline.brokerUrl, this.pipeline.ca.certificatePem, device, { clientId: device.sensorId });
        this.#clients.push(client);
        return client;
    }

    async publish(client: MqttClient, readings: Reading[]): Promise<void> {
        await Promise.all(readings.map((r) => client.publishAsync(Topics.telemetry(r.sensorId), JSON.stringify(r), { qos: 1 })));
    }

    /** The nats-server, when the fixture runs on NATS. */
    get nats(): NatsBroker | undefined {
        return this.#broker instanceof NatsBroker ? this.#broker : undefined;
    }

    async excursions(shipmentId: string): Promise<Excursion[]> {
        return this.harness.evaluate<Excursion[]>('auditor', 'telemetry:listExcursions', [shipmentId]);
    }

    async close(): Promise<void> {
        this.#clients.forEach((client) => client.end(true));
        await Promise.all(this.#connections.map((connection) => connection.disconnect()));
        await Promise.all(this.#agents.map((agent) => agent.stop().catch(() => undefined)));
        await this.pipeline.close();
        for (const detector of this.#detectors) {
            await detector.close();
        }
        await this.#broker?.stop();
        await this.#scratch?.drop();
        await this.harness.close();
        rmSync(this.dataDir, { recursive: true, force: true });
    }
}

/** The detector of any other carrier of the embedded ledger (Carrier2MSP), as the server issues it on first need. */
function detectorOf(harness: LedgerHarness): (carrier: string) => Promise<LedgerIdentity> {
    return (carrier) => (harness.ledger as EmbeddedLedgerBackend).ledger.enroll(carrier, 'telemetry-detector', { [ROLE_ATTRIBUTE]: DETECTOR_ROLE });
}

/**
 * Readings one every two minutes from `startMs`, with these temperatures, numbered from `firstSeq`.
 *
 * @example
 * const breach = readingsOf('T-1', startMs, [5, 9, 12, 9, 5]);
 */
export function readingsOf(sensorId: string, startMs: number, temps: number[], firstSeq = 0): Reading[] {
    return temps.map((tempC, i) => ({
        sensorId,
        seq: firstSeq + i,
        ts: new Date(startMs + i * 120_000).toISOString(),
        tempC,
        lat: 52.3 + i / 1000,
        lon: 4.9 + i / 1000,
    }));
}

/**
 * One reading at `atMs`, numbered `seq`: the first of `readingsOf` with one temperature.
 *
 * @example
 * const late = readingOf('T-1', startMs + 60_000, 5, 9);
 */
export function readingOf(sensorId: string, atMs: number, tempC: number, seq = 0): Reading {
    return only(readingsOf(sensorId, atMs, [tempC], seq), 'readings');
}

/** Polls `condition` every 50 ms until it holds, failing with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, condition: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await condition();
        if (value) {
            return value;
        }
        if (Date.now() > deadline) {
            throw new Error(`timed out waiting for ${what}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}
