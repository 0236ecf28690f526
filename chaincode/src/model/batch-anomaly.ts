import { type Decision, FreeText, type RecordStamp } from './common';
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

/** The manufacturer takes a reported anomaly into investigation, optionally saying how it goes about it. */
export const InvestigateAnomalyInput = z.strictObject({ note: FreeText(2000, 3).optional() });
export type InvestigateAnomalyInput = z.input<typeof InvestigateAnomalyInput>;

/**
 * Recall classes after the FDA's scheme: I (use may cause serious harm or death), II (temporary or
 * reversible harm), III (unlikely to cause harm).
 */
export const RECALL_CLASSES = ['I', 'II', 'III'] as const;
export type RecallClass = (typeof RECALL_CLASSES)[number];

/**
 * The manufacturer confirms a recall: its class and what holders are to do.
 *
 * @example
 * RecallInput.parse({ recallClass: 'II', instructions: 'Quarantine and return every unit to the manufacturer' });
 */
export const RecallInput = z.strictObject({
    recallClass: z.enum(RECALL_CLASSES, { error: 'must be I, II or III' }),
    instructions: FreeText(2000, 3),
});
export type RecallInput = z.input<typeof RecallInput>;

/**
 * Where an anomaly stands: `open` (reported), `investigating` (the manufacturer investigates),
 * then `cleared` (the hold is lifted) or `recalled` (every unit of the batch is recalled). Records
 * written before anomalies had states are open.
 */
export const ANOMALY_STATES = ['open', 'investigating', 'cleared', 'recalled'] as const;
export type AnomalyState = (typeof ANOMALY_STATES)[number];

/**
 * The states in which an anomaly holds its batch: no serial of it is shipped, labeled or sold. A
 * report holds at once, so no unit leaves while the manufacturer has not yet reacted; a recall holds
 * for good.
 */
export const HOLDING_ANOMALY_STATES: readonly AnomalyState[] = ['open', 'investigating', 'recalled'];

/** The states the manufacturer still has to decide on: clear or recall. */
export const UNDECIDED_ANOMALY_STATES: readonly AnomalyState[] = ['open', 'investigating'];

/**
 * The product steps a hold stops, with the verb that names them: a held product is not shipped,
 * labeled or sold. Receiving and stocking go on, so goods already on their way reach a shelf.
 */
export const HELD_PRODUCT_STEPS: Readonly<Partial<Record<ProductState, string>>> = { shipped: 'ship', labeled: 'label', sold: 'sell' };

/** Who lifted an anomaly's hold, when, in which transaction and why. */
export interface AnomalyClearance extends Decision {
    reason: string;
}

/** Who started the investigation, when, and how (optional note). */
export interface AnomalyInvestigation extends Decision {
    note?: string;
}

/** The confirmed recall: class, instructions to holders, who decided and when. */
export interface BatchRecall extends Decision {
    recallClass: RecallClass;
    instructions: string;
}

/**
 * A complaint that puts the whole batch on hold while it is undecided: every serial of the batch is
 * flagged, none may be shipped, labeled or sold until the batch's manufacturer clears it. A recall
 * confirmed on it recalls every serial of the batch.
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
    investigation?: AnomalyInvestigation;
    cleared?: AnomalyClearance;
    recall?: BatchRecall;
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
 * Whether an anomaly holds its batch now (reported, under investigation, or recalled).
 *
 * @example
 * holdsBatch({ state: 'open' }); // true
 */
export function holdsBatch(anomaly: Pick<BatchAnomaly, 'state'>): boolean {
    return HOLDING_ANOMALY_STATES.includes(anomalyState(anomaly));
}

/**
 * Whether the manufacturer still has to decide on an anomaly (clear it or confirm a recall).
 *
 * @example
 * isUndecided({ state: 'investigating' }); // true
 */
export function isUndecided(anomaly: Pick<BatchAnomaly, 'state'>): boolean {
    return UNDECIDED_ANOMALY_STATES.includes(anomalyState(anomaly));
}

/**
 * The recall among a batch's anomalies, if one was confirmed.
 *
 * @example
 * recallOf(anomalies)?.recall?.recallClass; // 'II'
 */
export function recallOf<A extends Pick<BatchAnomaly, 'state'>>(anomalies: readonly A[]): A | undefined {
    return anomalies.find((anomaly) => anomalyState(anomaly) === 'recalled');
}
