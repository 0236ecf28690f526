/**
 * The coldtrace detector and telemetry pipeline: broker adapters (embedded aedes broker, Mosquitto),
 * device CA, fleet provisioning, device shadow, the detector that turns readings into excursions, the
 * telemetry store and its digests anchored on the ledger, and HTTP ingestion's logic (its routes are
 * the API's). It reaches the ledger only through `@coldtrace/ledger-client`.
 *
 * @example
 * const pipeline = await startTelemetryPipeline({ ledger, dataDir: './data', identities: { detector } });
 */
export {
    type DeviceCertificateAuthority,
    createDeviceCertificateAuthority,
    openOrCreateDeviceCertificateAuthority,
    type IssuedCredentials,
    type IssueOptions,
    identityOfSubject,
} from './device-ca/device-certificate-authority';
export type { DeviceIdentity, DeviceIdentityKind } from './device-ca/device-identity-kind';
export { InvalidCsrError } from './device-ca/invalid-csr-error';
export { type EmbeddedBroker, startEmbeddedBroker, type EmbeddedBrokerOptions, type BrokerRefusal } from './broker/embedded-broker';
export { mayPublish, maySubscribe } from './broker/topic-acl';
export { connectTls } from './broker/tls-mqtt-client';
export {
    startTelemetryPipeline,
    telemetryStatePath,
    telemetryTokenKeyPath,
    type TelemetryPipeline,
    type TelemetryPipelineMetrics,
    type TelemetryPipelineOptions,
} from './telemetry-pipeline';
export { type CarrierTokens, isCarrierToken, newCarrierTokens, TELEMETRY_TOKEN_ISSUER } from './ingestion/carrier-tokens';
export type { TelemetryIngestion, TelemetrySender } from './ingestion/telemetry-ingestion';
export { peerIdentity } from './device-ca/peer-identity';
export type { TelemetryHealth } from './telemetry-health';
export type { TelemetryLog } from './telemetry-log';
export type { BrokerConnectionMonitor, BrokerOutage } from './broker/broker-connection-monitor';
export type { TelemetryEvent } from './detector/telemetry-event';
export type { TemperatureProfile } from './detector/temperature-profile';
export type { DetectorMetrics } from './detector/detector-metrics';
export type { InboundAck, InboundMessage, InboundOutcome } from './detector/detector';
export type { DetectedExcursion } from './detector/excursion-detection';
export { verifyTelemetry, type TelemetryVerification, type WindowVerification, type WindowVerdict } from './verify/telemetry-verification';
export type { SqliteTelemetryStore } from './store/sqlite-telemetry-store';
export { type ShipmentDirectory, openShipmentDirectory } from './detector/shipment-directory';
export { type CarrierDetectors, newCarrierDetectors } from './detector/carrier-detectors';
export type { PostgresTelemetryStore, PostgresTelemetryStoreOptions } from './store/postgres-telemetry-store';
export { openTelemetryStore, type TelemetryStoreOptions, UnsupportedTelemetryStoreError } from './store/open-telemetry-store';
export type { ReadingWindowOptions } from './store/reading-windows';
export type { AlteredReading, DetectionReading, ReadingQuery, StoredReading, TelemetryStore, WindowDigest } from './store/telemetry-store';
export { openTelemetryStateDatabase, type TelemetryStateDatabase } from './state/telemetry-state-database';
// For test suites that run the pipeline on a PostgreSQL server (`npm run test:postgres`).
export { type ScratchPostgresDatabase, createScratchPostgresDatabase, TEST_DATABASE_URL_VARIABLE } from './store/scratch-postgres-database';
export { TelemetryRequestError } from './telemetry-request-error';
export type { SensorRegistry, RegisteredSensor } from './provisioning/sensor-registry';
export { type FleetProvisioningService, PROVISIONING_TEMPLATE } from './provisioning/fleet-provisioning-service';
export type { ClaimCredentials } from './provisioning/claim-credentials';
export { prepareMosquitto, SHIPPED_MOSQUITTO_DIR } from './broker/mosquitto-config';
export type { ShadowService } from './shadow/shadow-service';
export { startSimulatedFleet, type SimulatedFleetOptions } from './simulated-fleet';
export { DEFAULT_MAX_PACKET_BYTES } from './broker/mqtt-packet-size-limit';
export { emptyDetectorMetrics } from './detector/detector-metrics';
export { AuthenticationError } from './ingestion/authentication-error';
export { createPrivateFile, ensurePrivateDirectory, narrowToOwner, PRIVATE_DIRECTORY_MODE, PRIVATE_FILE_MODE, writePrivateFile } from './files/private-files';
export { loadOrCreateSecretKey } from './files/secret-key-file';
export { DEFAULT_READING_PARTITIONS, natsUserOf, prepareNats, type PreparedNats, READINGS_STREAM, renderNatsConfig, renderNatsUsers } from './broker/nats-config';
export { NatsAdmissionError, type NatsDeviceAdmission, newNatsDeviceAdmission } from './broker/nats-device-admission';
export { connectNats, type NatsBrokerOptions, type NatsReadingSession, startNatsReadingSource } from './broker/nats-broker';
export { launchNatsServer } from './broker/nats-server-launch';
export { freePort, listening } from './broker/local-ports';
export type { NatsReadingSource } from './broker/nats-reading-source';
export type { ReadingSource } from './detector/reading-source';
