import { z } from 'zod';
import { type Decision, FreeText, Sha256Hex } from './common';
import type { Excursion } from './excursion';

/**
 * The manufacturer's decision on the units a closed excursion affected, with its justification (for a
 * release, the stability data that shows the units are still fit) and optionally the SHA-256 of the
 * document that holds it (kept off chain).
 *
 * @example
 * ExcursionDispositionInput.parse({ justification: 'Stability study S-12: 48 h at 15 °C within specification', documentSha256: 'ab…' });
 */
export const ExcursionDispositionInput = z.strictObject({
    justification: FreeText(2000, 3),
    documentSha256: Sha256Hex.optional(),
});
export type ExcursionDispositionInput = z.input<typeof ExcursionDispositionInput>;

export const EXCURSION_DECISIONS = ['released', 'rejected'] as const;
export type ExcursionDecision = (typeof EXCURSION_DECISIONS)[number];

/** The decision, who took it and when: written on the excursion record, so the trace shows it with the excursion. */
export interface ExcursionDisposition extends Decision {
    decision: ExcursionDecision;
    justification: string;
    documentSha256?: string;
}

/**
 * What an excursion does to the units it lists: nothing while it is open (the goods are on their
 * way), `on_hold` once closed until the manufacturer decides, then `released` or `rejected`.
 */
export type ExcursionHoldState = 'on_hold' | ExcursionDecision;

/**
 * The hold an excursion puts on its units, if any.
 *
 * @example
 * excursionHold({ status: 'closed' }); // 'on_hold'
 * excursionHold({ status: 'closed', disposition: { decision: 'released', … } }); // 'released'
 */
export function excursionHold(excursion: Pick<Excursion, 'status' | 'disposition'>): ExcursionHoldState | undefined {
    if (excursion.disposition) {
        return excursion.disposition.decision;
    }
    return excursion.status === 'closed' ? 'on_hold' : undefined;
}
