import { type Actor, FreeText, type RecordStamp } from './common';
import { z } from 'zod';
import { Serial } from './gs1-fields';
import type { ProductState } from './product';

export const ReportAnomalyInput = z.strictObject({
    reason: FreeText(2000, 3),
    serial: Serial.optional(),
});
export type ReportAnomalyInput = z.input<typeof ReportAnomalyInput>;

/** Why the manufacturer lifts an anomaly's hold: the same kind of free text as a report's reason. */
export const ClearAnomalyInput = z.strictObject({ reason: ReportAnomalyInput.shape.reason });
export type ClearAnomalyInput = z.input<typeof ClearAnomalyInput>;

/**
 * Where an anomaly stands. `open` holds its batch; `cleared` no longer does. Kept as a list so that
 * later states (an investigation, a recall) join it without changing the records already written.
 */
export const ANOMALY_STATES = ['open', 'cleared'] as const;
export type AnomalyState = (typeof ANOMALY_STATES)[number];

/** The states in which an anomaly holds its batch: no serial of it is shipped, labeled or sold. */
export const HOLDING_ANOMALY_STATES: readonly AnomalyState[] = ['open'];

/**
 * The product steps a hold stops, with the verb that names them: a held product is not shipped,
 * labeled or sold. Receiving and stocking go on, so goods already on their way reach a shelf.
 */
export const HELD_PRODUCT_STEPS: Readonly<Partial<Record<ProductState, string>>> = { shipped: 'ship', labeled: 'label', sold: 'sell' };

/** Who lifted an anomaly's hold, when, in which transaction and why. */
export interface AnomalyClearance extends Actor {
    reason: string;
    at: string;
    txId: string;
}

/**
 * A complaint that puts the whole batch on hold while it is open: every serial of the batch is
 * flagged, none may be shipped, labeled or sold until the batch's manufacturer clears it.
 */
export interface BatchAnomaly extends RecordStamp {
    docType: 'batchAnomaly';
    anomalyId: string;
    batchId: string;
    /** Absent on anomalies written before anomalies had states: those are open. */
    state?: AnomalyState;
    reason: string;
    serial?: string;
    reporter: string;
    reportedBy: string;
    reportedAt: string;
    cleared?: AnomalyClearance;
}

/**
 * The state of an anomaly, reading those written before states existed as open.
 *
 * @example
 * anomalyState({ state: 'cleared' }); // 'cleared'
 * anomalyState({}); // 'open'
 */
export function anomalyState(anomaly: Pick<BatchAnomaly, 'state'>): AnomalyState {
    return anomaly.state ?? 'open';
}

/**
 * Whether an anomaly holds its batch now.
 *
 * @example
 * holdsBatch({ state: 'open' }); // true
 */
export function holdsBatch(anomaly: Pick<BatchAnomaly, 'state'>): boolean {
    return HOLDING_ANOMALY_STATES.includes(anomalyState(anomaly));
}
