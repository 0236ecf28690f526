/**
 * Where the telemetry pipeline tells an operator what they should know (a broker outage and its
 * end); the server passes its pino logger, which fits this shape.
 *
 * @example
 * const log: TelemetryLog = { info: (fields, message) => console.log(message, fields), warn: (fields, message) => console.warn(message, fields) };
 */
export interface TelemetryLog {
    info(fields: object, message: string): void;
    warn(fields: object, message: string): void;
}
