import type { ColdtraceContext } from '../ledger/coldtrace-context';
import type { RecordStamp } from '../model/common';

/** The stamp a record gets each time this transaction writes it. */
export function stamp(ctx: ColdtraceContext): RecordStamp {
    return { txId: ctx.txId, updatedAt: ctx.now, updatedBy: ctx.actor };
}

/**
 * An id derived from the transaction id: the same on every endorser, different for every transaction.
 *
 * @example
 * derivedId('B', ctx.txId); // 'B3F9A0C12D4'
 */
export function derivedId(prefix: string, txId: string): string {
    return `${prefix}${txId.slice(0, 10).toUpperCase()}`;
}

/** Adds parties to a list without duplicates, keeping a stable order. */
export function withParties(parties: readonly string[], ...added: string[]): string[] {
    return [...new Set([...parties, ...added])];
}
