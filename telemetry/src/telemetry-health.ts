/**
 * Whether the telemetry pipeline can take readings in now: `degraded` says why not (for /healthz).
 *
 * @example
 * pipeline.health(); // { status: 'degraded', reason: 'MQTT broker connection lost since 2026-11-20T10:00:00.000Z: connection closed' }
 */
export type TelemetryHealth = { status: 'ok' } | { status: 'degraded'; reason: string };
