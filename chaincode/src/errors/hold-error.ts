import { ConflictError } from './chaincode-error';

/**
 * Why a held unit may not be shipped, labeled or sold, as a stable word clients can act on:
 * an anomaly holds its batch (`BATCH_ON_HOLD`), its batch is recalled (`BATCH_RECALLED`), a closed
 * excursion awaits its manufacturer's decision (`EXCURSION_HOLD`) or the manufacturer rejected it
 * (`EXCURSION_REJECTED`).
 */
export const HOLD_CODES = ['BATCH_ON_HOLD', 'BATCH_RECALLED', 'EXCURSION_HOLD', 'EXCURSION_REJECTED'] as const;
export type HoldCode = (typeof HOLD_CODES)[number];

/**
 * A step refused because a hold or a recall stops it: a CONFLICT whose reason starts with the hold code.
 *
 * @example
 * throw new HoldError('BATCH_RECALLED', 'batch B1 is recalled (class II); cannot sell product B1.1');
 * // the client sees "CONFLICT: BATCH_RECALLED: batch B1 is recalled (class II); cannot sell product B1.1"
 */
export class HoldError extends ConflictError {
    constructor(
        readonly hold: HoldCode,
        reason: string,
    ) {
        super(`${hold}: ${reason}`);
    }
}

/**
 * The hold code at the start of a refusal's reason, if it is one.
 *
 * @example
 * holdCodeOf('BATCH_ON_HOLD: batch B1 is on hold …'); // 'BATCH_ON_HOLD'
 */
export function holdCodeOf(reason: string): HoldCode | undefined {
    return HOLD_CODES.find((code) => reason.startsWith(`${code}: `));
}
