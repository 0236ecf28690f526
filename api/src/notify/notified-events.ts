import type { NotificationKind, NotificationLanguage } from '../contract/notification-payloads';

/** How one event type is notified. */
export interface NotifiedEvent {
    kind: NotificationKind;
    /** The mail's subject line in each language; `{name}` is filled from the event's `ids`. */
    title: Record<NotificationLanguage, string>;
    /**
     * Payload fields naming the organizations to tell, besides `parties` (a recall names every
     * organization holding affected units in one of them).
     */
    alsoTell?: readonly string[];
}

/**
 * THE table of what is notified: chaincode event name (or an event the backend announces on the
 * EventHub itself, such as SensorFlooding) → kind and title. Whoever the event's parties are is
 * told. An event missing here is not notified; adding one is one line.
 *
 * @example
 * NOTIFIED_EVENTS.BatchAnomalyReported.kind; // 'anomaly'
 */
export const NOTIFIED_EVENTS: Readonly<Record<string, NotifiedEvent>> = {
    ExcursionRecorded: { kind: 'excursion', title: { en: 'Temperature excursion on shipment {shipmentId}', ja: '輸送 {shipmentId} で温度逸脱' } },
    ExcursionClosed: {
        kind: 'hold',
        title: {
            en: 'Temperature excursion on shipment {shipmentId} ended: its units are on hold until the manufacturer decides',
            ja: '輸送 {shipmentId} の温度逸脱が終了：製造業者の判断まで保留',
        },
    },
    ExcursionReleased: {
        kind: 'hold',
        title: { en: 'Units of shipment {shipmentId} released after the excursion', ja: '輸送 {shipmentId} の製品は温度逸脱後に出荷可と判断されました' },
    },
    ExcursionRejected: {
        kind: 'hold',
        title: {
            en: 'Units of shipment {shipmentId} rejected after the excursion: return or destroy them',
            ja: '輸送 {shipmentId} の製品は温度逸脱により不適合：返品または廃棄してください',
        },
    },
    BatchAnomalyReported: { kind: 'anomaly', title: { en: 'Anomaly reported on batch {batchId}: its serials are on hold', ja: 'バッチ {batchId} に異常の報告：出荷・販売を保留' } },
    BatchInvestigationStarted: { kind: 'hold', title: { en: 'Batch {batchId} under investigation: its serials stay on hold', ja: 'バッチ {batchId} を調査中：保留を継続' } },
    BatchAnomalyCleared: { kind: 'anomaly', title: { en: 'Anomaly on batch {batchId} cleared', ja: 'バッチ {batchId} の異常が解除されました' } },
    BatchRecallConfirmed: { kind: 'recall', title: { en: 'Recall of batch {batchId}: return or destroy its units', ja: 'バッチ {batchId} の回収：返品または廃棄してください' } },
    SensorFlooding: { kind: 'sensor_flooding', title: { en: 'Sensor {sensorId} is flooding the broker', ja: 'センサー {sensorId} が過剰に送信しています' } },
};
