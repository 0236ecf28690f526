/**
 * The telemetry payloads the REST API serves and takes (readings, digests, verifications, ingestion
 * results, telemetry tokens). Safe for browsers: it depends only on zod, the chaincode's model and the
 * sensors' protocol. `@coldtrace/api/contract` re-exports it.
 *
 * @example
 * import { StoredReading } from '@coldtrace/telemetry/contract';
 */
export * from './telemetry-payloads';
export * from './telemetry-ingestion-payloads';
// Light enough for the server's usage text, which is printed before the pipeline (and fabric-shim) loads.
export { DEFAULT_MAX_PACKET_BYTES } from '../broker/mqtt-packet-size-limit';
export { DEFAULT_SENSOR_FLOOD } from '../detector/flood-guard';
export { isTelemetryStoreUrl, redactPassword } from '../store/telemetry-store-url';
