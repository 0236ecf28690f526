import type { LedgerEvent } from '../../ledger/ledger';
import type { TelemetryEvent } from '../detector/telemetry-event';

/** Something people must hear about: an excursion, a batch anomaly, a flooding sensor. */
export interface Notification {
    kind: 'excursion' | 'batch_anomaly' | 'sensor_flooding';
    /** Stable across retries and restarts, so receivers can deduplicate. */
    id: string;
    subject: string;
    text: string;
    /** The event as it happened, for machines (the webhook body carries it). */
    data: Record<string, unknown>;
    at: string;
}

/** The notification for a telemetry pipeline event, if it deserves one. */
export function notificationOfTelemetry(event: TelemetryEvent): Notification | undefined {
    switch (event.type) {
        case 'ExcursionRecorded':
        case 'ExcursionClosed': {
            const e = event.excursion;
            const state = event.type === 'ExcursionClosed' ? `ended ${e.endAt}` : 'in progress';
            return {
                kind: 'excursion',
                id: `${e.excursionId}:${event.type === 'ExcursionClosed' ? 'closed' : 'open'}`,
                subject: `[coldtrace] ${e.kind === 'high' ? 'High' : 'Low'} temperature excursion on shipment ${e.shipmentId}`,
                text:
                    `Sensor ${e.sensorId} on shipment ${e.shipmentId} left the allowed range (${e.kind}) at ${e.startAt}; ${state}.\n` +
                    `Peak ${e.peakC} °C over ${e.durationMinutes} minutes${e.meanKineticC === undefined ? '' : `, mean kinetic temperature ${e.meanKineticC} °C`}.\n` +
                    `Recorded on the ledger in transaction ${event.txId} as excursion ${e.excursionId}.`,
                data: { type: event.type, excursion: e, txId: event.txId },
                at: event.at,
            };
        }
        case 'SensorFlooding':
            return {
                kind: 'sensor_flooding',
                id: `${event.sensorId}:${event.at}`,
                subject: `[coldtrace] Sensor ${event.sensorId} is flooding the broker`,
                text: `Sensor ${event.sensorId} publishes far above its rate; ${event.droppedSinceLastFlag} readings were refused.`,
                data: { type: event.type, sensorId: event.sensorId, droppedSinceLastFlag: event.droppedSinceLastFlag },
                at: event.at,
            };
        default:
            return undefined;
    }
}

/** What a batch anomaly's chaincode events carry (anomaly-contract.ts announces them). */
interface AnomalyEventPayload {
    ids: { batchId: string; anomalyId: string; serial?: string };
    reason: string;
    at: string;
}

/**
 * The notification for a chaincode event, if it deserves one: an anomaly reported on a batch (its
 * serials are on hold from then) and the manufacturer's clearance (the hold is lifted), since
 * whoever stopped selling must also hear that they may sell again.
 *
 * @example
 * notificationOfLedgerEvent(event)?.subject; // '[coldtrace] Anomaly on batch B1 cleared'
 */
export function notificationOfLedgerEvent(event: LedgerEvent): Notification | undefined {
    if (event.eventName !== 'BatchAnomalyReported' && event.eventName !== 'BatchAnomalyCleared') {
        return undefined;
    }
    const payload = JSON.parse(Buffer.from(event.payload).toString('utf8')) as AnomalyEventPayload;
    const { batchId, anomalyId, serial } = payload.ids;
    const cleared = event.eventName === 'BatchAnomalyCleared';
    return {
        kind: 'batch_anomaly',
        id: `${batchId}:${anomalyId}${cleared ? ':cleared' : ''}`,
        subject: cleared ? `[coldtrace] Anomaly on batch ${batchId} cleared` : `[coldtrace] Anomaly reported on batch ${batchId}`,
        text: cleared
            ? `The manufacturer cleared anomaly ${anomalyId} on batch ${batchId}: ${payload.reason}
Its serials are no longer held by it. Transaction ${event.txId}.`
            : `An anomaly was reported on batch ${batchId}${serial ? ` (serial ${serial})` : ''}: ${payload.reason}
Its serials are on hold until the manufacturer clears it. Transaction ${event.txId}.`,
        data: { type: event.eventName, ...payload, txId: event.txId },
        at: payload.at,
    };
}
