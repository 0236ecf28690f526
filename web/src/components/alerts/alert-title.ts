import type { LedgerAlert } from '../../lib/ledger-alert';

/**
 * The i18n key and values that title an alert: excursions name their shipment, anomalies their batch.
 *
 * @example
 * alertTitle(alert); // { key: 'alerts.anomaly', values: { id: 'B1' } }
 */
export function alertTitle(alert: LedgerAlert): { key: string; values: { id: string } } {
    if (alert.kind === 'anomaly') {
        return { key: alert.type === 'BatchAnomalyCleared' ? 'alerts.BatchAnomalyCleared' : 'alerts.anomaly', values: { id: alert.ids.batchId ?? '' } };
    }
    return { key: alert.type === 'ExcursionClosed' ? 'alerts.ExcursionClosed' : 'alerts.excursion', values: { id: alert.ids.shipmentId ?? '' } };
}
