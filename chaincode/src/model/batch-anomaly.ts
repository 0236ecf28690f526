import type { RecordStamp } from './common';
import { z } from 'zod';
import { Serial } from './gs1-fields';

export const ReportAnomalyInput = z.strictObject({
    reason: z.string().trim().min(3).max(2000),
    serial: Serial.optional(),
});
export type ReportAnomalyInput = z.input<typeof ReportAnomalyInput>;

/** A complaint that puts the whole batch under recall review: every serial of the batch is flagged. */
export interface BatchAnomaly extends RecordStamp {
    docType: 'batchAnomaly';
    anomalyId: string;
    batchId: string;
    reason: string;
    serial?: string;
    reporter: string;
    reportedBy: string;
    reportedAt: string;
}
