import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { ensurePrivateDirectory } from './files/private-files';
import { type Ledger, type LedgerEventFeed, type LedgerIdentity, newLedgerEventFeed } from '@coldtrace/ledger-client';
import { DigestAnchorer } from './anchoring/digest-anchorer';
import { BrokerConnectionMonitor } from './broker/broker-connection-monitor';
import type { BrokerSession } from './broker/broker-session';
import { EmbeddedBroker } from './broker/embedded-broker';
import { MqttBrokerSession } from './broker/mqtt-broker-session';
import { connectTls } from './broker/tls-mqtt-client';
import { type NatsBrokerOptions, type NatsReadingSession, startNatsReadingSource } from './broker/nats-broker';
import { NatsDeviceAdmission } from './broker/nats-device-admission';
import { CarrierDetectors, type DetectorIdentityOf } from './detector/carrier-detectors';
import { Detector, type DetectorOptions } from './detector/detector';
import { MqttReadingSource } from './detector/mqtt-reading-source';
import type { DetectorMetrics } from './detector/detector-metrics';
import { DetectorState } from './detector/detector-state';
import { ReadingsStoredCoalescer } from './detector/readings-stored-coalescer';
import { FloodGuard, type FloodGuardOptions } from './detector/flood-guard';
import { defaultProfileSource, type ProfileSource, ShipmentDirectory } from './detector/shipment-directory';
import type { TelemetryEvent } from './detector/telemetry-event';
import type { TemperatureProfile } from './detector/temperature-profile';
import { DeviceCertificateAuthority } from './device-ca/device-certificate-authority';
import { FleetProvisioningService } from './provisioning/fleet-provisioning-service';
import { SensorRegistry } from './provisioning/sensor-registry';
import { ShadowService } from './shadow/shadow-service';
import { loadOrCreateSecretKey } from './files/secret-key-file';
import { CarrierTokens } from './ingestion/carrier-tokens';
import { TelemetryIngestion } from './ingestion/telemetry-ingestion';
import { writeClaimCredentials, type ClaimCredentials } from './provisioning/claim-credentials';
import { openTelemetryStateDatabase } from './state/telemetry-state-database';
import { openTelemetryStore, type TelemetryStoreOptions } from './store/open-telemetry-store';
import type { TelemetryStore } from './store/telemetry-store';
import type { TelemetryHealth } from './telemetry-health';
import type { TelemetryLog } from './telemetry-log';

export interface TelemetryPipelineOptions {
    ledger: Ledger;
    /** Holds `telemetry/ca` (the device CA) and `telemetry/telemetry.db` (the node's state, and the readings unless `store.url` names PostgreSQL). */
    dataDir: string;
    /**
     * `detector`: a carrier's identity with `coldtrace.role=detector`, which follows the ledger's
     * events and reads the member directory. `detectorOf`: the detector of any other carrier this
     * node acts for, issued on first need; each shipment's excursions and digests are recorded by
     * its own carrier's detector. Without it only `detector`'s organization's shipments are watched.
     */
    identities: { detector: LedgerIdentity; detectorOf?: DetectorIdentityOf };
    /**
     * The process's one ledger-event feed, which the shipment directory joins (`npm start` passes the
     * server's, shared with its event hub and notifier). Without it the pipeline is the process's only
     * reader of events (`npm run detector`) and opens its own, read as `identities.detector`.
     */
    feed?: LedgerEventFeed;
    /** Told of excursions, floods, anchored digests and stored readings (SSE, logs); the server announces floods on the EventHub, where the notifier hears them. */
    events?: (event: TelemetryEvent) => void;
    /**
     * The embedded aedes broker (default, on 127.0.0.1:8883; `port: 0` picks one; packets up to
     * `maxPacketBytes`, default 64 KiB), or an external broker such as Mosquitto that trusts the
     * device CA (its own config sets its limits), or a NATS server whose MQTT gateway the devices
     * use and whose JetStream partitions several detectors share (`nats`).
     */
    broker?: { port?: number; host?: string; maxPacketBytes?: number } | { url: string } | { nats: NatsBrokerOptions };
    /** Profile used while the shipment record carries none; default 2–8 °C, 30 minutes. */
    defaultProfile?: TemperatureProfile;
    profiles?: ProfileSource;
    detector?: DetectorOptions;
    floodGuard?: FloodGuardOptions;
    /** Windowing, and where readings are kept: the embedded SQLite file (default) or `url: 'postgres://…'`. */
    store?: TelemetryStoreOptions;
    /** How long stored readings of a shipment gather into one `ReadingsStored` event; default 1 s. */
    readingsStoredEveryMs?: number;
    /** How often completed windows are anchored; default 30 s. */
    anchorEveryMs?: number;
    /** MQTT client id of the detector's persistent session; default `coldtrace-detector`. */
    clientId?: string;
    /** Where broker outages (start and end) are logged; the server passes its logger. */
    log?: TelemetryLog;
    /** The server's clock in milliseconds (default `Date.now`): the detector's clock-skew bound reads it; tests set their own. */
    clock?: () => number;
}

/** The pipeline's counters, for Prometheus: the detector's, anchored digests, and the broker session's state. */
export type TelemetryPipelineMetrics = DetectorMetrics & {
    digestsAnchored: number;
    /** 1 while the detector's MQTT session is connected, else 0. */
    brokerConnected: number;
    brokerReconnects: number;
};

/** The running pipeline: broker (when embedded), detector, anchorer; `close()` stops all of it. */
export interface TelemetryPipeline {
    readonly ca: DeviceCertificateAuthority;
    readonly brokerUrl: string;
    readonly store: TelemetryStore;
    readonly detector: Detector;
    readonly anchorer: DigestAnchorer;
    readonly registry: SensorRegistry;
    /** Where the fleet's claim certificate, key and the device CA are written for devices to provision with. */
    readonly claim: ClaimCredentials;
    /** Device shadows: `setDesired(sensorId, { intervalSeconds })` reconfigures a device. */
    readonly shadows: ShadowService;
    /** The detector's MQTT session, for other services of the backend (shadow, provisioning). */
    readonly client: MqttClient;
    /** On NATS: the detector's NATS session and the partitions it consumes. */
    readonly nats?: NatsReadingSession;
    /** Readings posted over HTTP, through the detector's admission path. */
    readonly ingestion: TelemetryIngestion;
    /** Carriers' telemetry tokens, for their forwarders' HTTPS posts (key in `secrets/telemetry-token.key`). */
    readonly tokens: CarrierTokens;
    metrics(): TelemetryPipelineMetrics;
    /** `degraded`, with the reason, while readings cannot be taken in (the broker session is down). */
    health(): TelemetryHealth;
    close(): Promise<void>;
}

/** The node's telemetry state database (registry, shadows, directory, checkpoints, tokens); the admin CLI opens it too. */
export function telemetryStatePath(dataDir: string): string {
    return join(dataDir, 'telemetry', 'telemetry.db');
}

/** Where the key that signs carriers' telemetry tokens is kept (the admin CLI signs with it too). */
export function telemetryTokenKeyPath(dataDir: string): string {
    return join(dataDir, 'secrets', 'telemetry-token.key');
}

/** How long detection checkpoints may wait in memory: a second of detection repeated after a crash, instead of a synced commit per batch. */
const CHECKPOINT_FLUSH_MS = 1_000;

const DEFAULT_PROFILE: TemperatureProfile = { minC: 2, maxC: 8, maxExcursionMinutes: 30 };

/**
 * Starts sensors-to-ledger: the device CA, the mTLS broker (embedded unless an external URL is
 * given), the telemetry store, the detector on a persistent MQTT session and the digest anchorer.
 *
 * @example
 * const pipeline = await startTelemetryPipeline({ ledger, dataDir: './data', identities: { detector } });
 * console.log(pipeline.brokerUrl); // mqtts://localhost:8883
 * await pipeline.close();
 */
export async function startTelemetryPipeline(options: TelemetryPipelineOptions): Promise<TelemetryPipeline> {
    const dir = join(options.dataDir, 'telemetry');
    // It holds the device CA's key and the readings with their GPS positions.
    ensurePrivateDirectory(dir);
    const emit = (event: TelemetryEvent) => options.events?.(event);
    const ca = await DeviceCertificateAuthority.openOrCreate(join(dir, 'ca'));
    const closers: (() => Promise<void> | void)[] = [];
    const close = async () => {
        for (const closer of closers.splice(0).reverse()) {
            await closer();
        }
    };
    try {
        let brokerUrl: string;
        let embeddedBroker: EmbeddedBroker | undefined;
        const nats = options.broker && 'nats' in options.broker ? options.broker.nats : undefined;
        if (nats) {
            brokerUrl = nats.mqttUrl;
        } else if (options.broker && 'url' in options.broker) {
            brokerUrl = options.broker.url;
        } else {
            const server = await ca.issue({ commonName: 'localhost', kind: 'service' }, { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
            const embedded = options.broker as { port?: number; host?: string; maxPacketBytes?: number } | undefined;
            const broker = await EmbeddedBroker.start({
                caPem: ca.certificatePem,
                ...server,
                port: embedded?.port,
                host: embedded?.host,
                maxPacketBytes: embedded?.maxPacketBytes,
            });
            closers.push(() => broker.close());
            brokerUrl = broker.url;
            embeddedBroker = broker;
        }
        const state = openTelemetryStateDatabase(telemetryStatePath(options.dataDir));
        closers.push(() => void state.close());
        const store = await openTelemetryStore(telemetryStatePath(options.dataDir), options.store);
        closers.push(() => store.close());
        const clientId = options.clientId ?? 'coldtrace-detector';
        const client = await connectTls(brokerUrl, ca.certificatePem, await ca.issue({ commonName: clientId, kind: 'service' }), {
            clientId,
            clean: false,
            reconnectPeriod: 1_000,
        });
        closers.push(() => void client.end(true));
        const source = nats && (await startNatsReadingSource(nats, { ca, owner: clientId, log: options.log, clock: options.clock }));
        if (source) {
            closers.push(() => source.close());
        }
        const connection = new BrokerConnectionMonitor(client, { url: brokerUrl, log: options.log, clock: options.clock });
        closers.push(() => connection.stop());
        let detector: Detector | undefined;
        const registry = new SensorRegistry(state, ca);
        if (nats?.configDir) {
            const admission = new NatsDeviceAdmission(nats.configDir);
            // Devices certified while this detector was down (or before the server's users were kept here) get in too.
            await admission.admit(registry.certifiedSensorIds());
            registry.admitBeforeCertifying((sensorId) => admission.admit([sensorId]));
        }
        const shadows = new ShadowService({ client, database: state });
        await shadows.start();
        const detectors = new CarrierDetectors(options.ledger, options.identities.detector, options.identities.detectorOf);
        const identityFor = async (shipmentId: string) => (await detectors.of(directory.carrierOf(shipmentId) ?? detectors.reader.mspId)) ?? detectors.reader;
        let feed = options.feed;
        if (!feed) {
            const own = newLedgerEventFeed(options.ledger, options.identities.detector, {
                onError: (error, consumer) => options.log?.warn({ err: error, consumer }, `ledger events: ${consumer ?? 'the subscription'} failed; retrying from its checkpoint`),
            });
            closers.push(() => own.close());
            feed = own;
        }
        const directory: ShipmentDirectory = await ShipmentDirectory.open({
            database: state,
            ledger: options.ledger,
            feed,
            detectors,
            profiles: options.profiles ?? defaultProfileSource(options.defaultProfile ?? DEFAULT_PROFILE),
            onChange: (changes) => {
                // One commit for every sensor of the batch: a container's hundred loggers are one change.
                state.transaction(() => {
                    for (const { carrier, sensors, profile } of changes) {
                        // A sensor the carrier attached on the ledger is one it vouches for: it may provision by claim.
                        sensors.forEach((s) => registry.registerIfAbsent(s.sensorId, carrier));
                        // Attached sensors learn the shipment's thresholds through their shadow.
                        if (profile) {
                            sensors.filter((s) => !s.detachedAt).forEach((s) => shadows.setDesired(s.sensorId, { minC: profile.minC, maxC: profile.maxC }));
                        }
                    }
                })();
                for (const { shipmentId, sensors, whole } of changes) {
                    detector?.shipmentChanged(shipmentId, whole ? undefined : sensors.map((s) => s.sensorId));
                }
            },
        });
        closers.push(() => directory.close());
        const readingsStored = new ReadingsStoredCoalescer({ ledger: options.ledger, identityFor, emit, everyMs: options.readingsStoredEveryMs, clock: options.clock });
        closers.push(() => readingsStored.stop());
        detector = new Detector({
            ledger: options.ledger,
            identityFor,
            store,
            state: new DetectorState(state, { checkpointFlushMs: CHECKPOINT_FLUSH_MS }),
            directory,
            guard: new FloodGuard(options.floodGuard),
            emit,
            options: options.detector,
            clock: options.clock,
            stored: (fresh) => readingsStored.add(fresh),
        });
        await detector.start();
        closers.push(() => detector.stop());
        // Readings and acks stay inside the process with the embedded broker; the client session serves the shadow and provisioning.
        const readingSession: BrokerSession = embeddedBroker?.inProcessSession() ?? new MqttBrokerSession(client, { publishQos: nats ? (nats.deviceAckQos ?? 0) : 1 });
        await new MqttReadingSource(readingSession, detector, source?.source).start();
        await new FleetProvisioningService({ client, ca, registry }).start();
        const claim = await writeClaimCredentials(ca, join(dir, 'claim'));
        const anchorer = new DigestAnchorer({
            store,
            ledger: options.ledger,
            identityFor,
            emit,
            attachedWithin: (w) => directory.attachedWithin(w.shipmentId, w.sensorId, Date.parse(w.windowStart), Date.parse(w.windowEnd)),
        });
        anchorer.start(options.anchorEveryMs ?? 30_000);
        closers.push(() => anchorer.stop());
        const tokens = new CarrierTokens(state, loadOrCreateSecretKey(telemetryTokenKeyPath(options.dataDir)));
        const ingestion = new TelemetryIngestion({ detector, directory, registry, ledger: options.ledger });
        return {
            ca,
            brokerUrl,
            store,
            detector,
            anchorer,
            registry,
            claim,
            shadows,
            client,
            nats: source,
            ingestion,
            tokens,
            metrics: () => ({ ...detector.metrics, digestsAnchored: anchorer.anchored, brokerConnected: connection.connected ? 1 : 0, brokerReconnects: connection.reconnects }),
            health: () => {
                const outage = connection.outage;
                if (outage) {
                    return { status: 'degraded', reason: `MQTT broker connection lost since ${outage.since}: ${outage.reason}` };
                }
                // On NATS the readings come over the NATS connection, the acks over MQTT: both must be up.
                const since = source?.disconnectedSince;
                return since ? { status: 'degraded', reason: `NATS connection lost since ${since}` } : { status: 'ok' };
            },
            close,
        };
    } catch (error) {
        await close();
        throw error;
    }
}
