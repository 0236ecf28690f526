/**
 * A refusal of the telemetry endpoints, with its HTTP status and a stable `code`; the API renders
 * any error carrying both as application/problem+json.
 *
 * @example
 * throw new TelemetryRequestError(404, 'SENSOR_NOT_FOUND', 'sensor T-9 is not registered');
 */
export class TelemetryRequestError extends Error {
    override name = 'TelemetryRequestError';

    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
    ) {
        super(message);
    }
}
