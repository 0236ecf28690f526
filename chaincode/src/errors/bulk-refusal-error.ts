import { Limits } from '../model/limits';
import { ChaincodeError, type ChaincodeErrorCode } from './chaincode-error';

/** Why one serial of a bulk step was refused: the refusal its single-serial transaction would give. */
export interface SerialRefusal {
    serial: string;
    code: ChaincodeErrorCode;
    reason: string;
}

/** The serials a refused bulk step names (at most {@link Limits.bulkRefusalsListed}) and how many more it counts. */
export interface BulkRefusal {
    refused: SerialRefusal[];
    /** Refused serials not listed in `refused`. */
    unlisted: number;
    /** Every refused serial, listed or not, counted by code. */
    counts: Partial<Record<ChaincodeErrorCode, number>>;
}

/** The code a whole refusal takes from its serials', most telling first: a caller without the right hears that before anything else. */
const PRECEDENCE: readonly ChaincodeErrorCode[] = ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'INVALID_ARGUMENT'];

/** Separates the readable reason from the refusals as JSON, on the line after it. */
const DETAILS_LINE = '\n';

/**
 * A bulk step refused because some of its serials were: nothing was written. The message is the
 * readable reason, then on its own line the refusals as JSON, so every client (the API, a peer CLI)
 * reads it from the one string Fabric carries.
 *
 * @example
 * throw new BulkRefusalError('stock', 1000, [{ serial: 'B1.7', code: 'CONFLICT', reason: 'product B1.7 is stocked; …' }]);
 * // CONFLICT: cannot stock 1 of 1000 serials, so none was: B1.7: product B1.7 is stocked; …
 * // {"counts":{"CONFLICT":1},"refused":[…],"unlisted":0}
 */
export class BulkRefusalError extends ChaincodeError {
    readonly refusal: BulkRefusal;

    constructor(verb: string, total: number, refusals: readonly SerialRefusal[]) {
        const ordered = [...refusals].sort((a, b) => PRECEDENCE.indexOf(a.code) - PRECEDENCE.indexOf(b.code));
        const listed = ordered.slice(0, Limits.bulkRefusalsListed);
        const counts: BulkRefusal['counts'] = {};
        for (const { code } of refusals) {
            counts[code] = (counts[code] ?? 0) + 1;
        }
        const refusal: BulkRefusal = { counts, refused: listed, unlisted: refusals.length - listed.length };
        const first = listed[0];
        if (!first) {
            throw new Error('a bulk refusal needs at least one refused serial');
        }
        const summary = `cannot ${verb} ${refusals.length} of ${total} serials, so none was: ${first.serial}: ${first.reason}${refusals.length > 1 ? ` (and ${refusals.length - 1} more)` : ''}`;
        super(first.code, `${summary}${DETAILS_LINE}${JSON.stringify(refusal)}`);
        this.refusal = refusal;
    }
}

/**
 * The readable reason and the refusals of a bulk step's refusal, from its reason text; undefined for
 * any other refusal.
 *
 * @example
 * parseBulkRefusal(parseChaincodeError(message)!.reason)?.refusal.refused[0].serial; // 'B1.7'
 */
export function parseBulkRefusal(reason: string): { summary: string; refusal: BulkRefusal } | undefined {
    const at = reason.indexOf(DETAILS_LINE);
    if (at < 0) {
        return undefined;
    }
    try {
        const refusal = JSON.parse(reason.slice(at + DETAILS_LINE.length)) as BulkRefusal;
        return Array.isArray(refusal.refused) ? { summary: reason.slice(0, at), refusal } : undefined;
    } catch {
        return undefined;
    }
}
