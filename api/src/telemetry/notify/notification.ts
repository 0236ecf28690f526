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

/** The notification for a chaincode event (a batch anomaly), if it deserves one. */
export function notificationOfLedgerEvent(event: LedgerEvent): Notification | undefined {
    if (event.eventName !== 'BatchAnomalyReported') {
        return undefined;
    }
    const payload = JSON.parse(Buffer.from(event.payload).toString('utf8')) as { ids: { batchId: string; anomalyId: string; serial?: string }; reason: string; at: string };
    return {
        kind: 'batch_anomaly',
        id: `${payload.ids.batchId}:${payload.ids.anomalyId}`,
        subject: `[coldtrace] Anomaly reported on batch ${payload.ids.batchId}`,
        text: `An anomaly was reported on batch ${payload.ids.batchId}${payload.ids.serial ? ` (serial ${payload.ids.serial})` : ''}: ${payload.reason}\nTransaction ${event.txId}.`,
        data: { type: event.eventName, ...payload, txId: event.txId },
        at: payload.at,
    };
}
