import { defineRoute } from './route';
import { parseTelemetryCsv } from './telemetry-csv';
import {
    IssueTelemetryTokenBody,
    type IssuedTelemetryToken,
    TelemetryBatchBody,
    type TelemetryIngestionResult,
    TelemetryTokenParams,
    type TelemetryTokenView,
    TelemetryUploadQuery,
} from '@coldtrace/telemetry/contract';

// Token routes: a carrier's node settings, which the chaincode does not judge; their roles live here.
const C = ['carrier'] as const;

/**
 * HTTP ingestion: readings that do not come over coldtrace's MQTT broker, and the tokens carriers'
 * forwarders send them with. Spread into the route table.
 */
export const telemetryIngestionRoutes = {
    ingestTelemetry: defineRoute<TelemetryIngestionResult>()({
        method: 'POST',
        path: '/telemetry',
        tag: 'telemetry',
        access: 'sender',
        status: 200,
        query: TelemetryUploadQuery,
        body: TelemetryBatchBody,
        csv: parseTelemetryCsv,
        summary:
            'Readings not sent over MQTT, through the same detector (de-duplication, event time, flood guard): from a device with its client certificate (on the device HTTPS listener), a carrier’s forwarder with its telemetry token, or the consignee’s user uploading a logger read-out (JSON or text/csv, ?shipmentId=); answers every reading’s outcome',
    }),
    issueTelemetryToken: defineRoute<IssuedTelemetryToken>()({
        method: 'POST',
        path: '/telemetry/tokens',
        tag: 'telemetry',
        access: 'user',
        status: 201,
        roles: C,
        body: IssueTelemetryTokenBody,
        summary: 'Issue a telemetry token for the caller’s carrier organization’s forwarders (administrators only); the token is shown this once',
    }),
    listTelemetryTokens: defineRoute<TelemetryTokenView[]>()({
        method: 'GET',
        path: '/telemetry/tokens',
        tag: 'telemetry',
        access: 'user',
        status: 200,
        roles: C,
        summary: 'The telemetry tokens of the caller’s carrier organization (administrators only), never the tokens themselves',
    }),
    revokeTelemetryToken: defineRoute<TelemetryTokenView>()({
        method: 'DELETE',
        path: '/telemetry/tokens/{tokenId}',
        tag: 'telemetry',
        access: 'user',
        status: 200,
        roles: C,
        params: TelemetryTokenParams,
        summary: 'Revoke a telemetry token of the caller’s organization (administrators only): refused from then on',
    }),
} as const;
