import { ConflictError } from '../errors/chaincode-error';
import type { ColdtraceContext } from '../ledger/coldtrace-context';
import { parseNumberedSerial } from '../model/numbered-serial';

/** Member group of the prefixes that listed serials of the numbered form (`<prefix>.<n>`) took. */
const LISTED_NUMBERED = 'listedNumbered';
const LISTED = 'listed';

/**
 * Marks the prefix of a listed serial that has the numbered form, so that no batch with that id
 * numbers the same serial later: numbered serials have no key of their own to collide with. Written
 * without reading, so concurrent commissions never conflict on it.
 *
 * @example
 * await markListedSerial(ctx, 'LOT7.12'); // a batch LOT7 can no longer number its serials
 */
export async function markListedSerial(ctx: ColdtraceContext, serial: string, marked = new Set<string>()): Promise<void> {
    const numbered = parseNumberedSerial(serial);
    if (numbered && !marked.has(numbered.batchId)) {
        marked.add(numbered.batchId);
        await ctx.members.add(LISTED_NUMBERED, numbered.batchId, LISTED);
    }
}

/**
 * Refuses to number serials after a batch id that listed serials used: one of them might be the
 * very serial numbering would make.
 *
 * @example
 * await requireNoListedNumbered(ctx, 'LOT7'); // CONFLICT once 'LOT7.12' was listed
 */
export async function requireNoListedNumbered(ctx: ColdtraceContext, batchId: string): Promise<void> {
    if (await ctx.members.has(LISTED_NUMBERED, batchId, LISTED)) {
        throw new ConflictError(`serials numbered after batch id ${batchId} were listed already; give the serials instead of a quantity`);
    }
}
