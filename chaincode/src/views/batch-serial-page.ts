import { BadBookmarkError } from '../errors/bad-bookmark-error';
import type { ColdtraceContext } from '../ledger/coldtrace-context';
import type { Batch } from '../model/batch';
import type { Page } from '../model/common';
import { numberedSlice } from '../model/numbered-serial';

/** Bookmarks into a batch's numbered serials; a ledger bookmark is a composite key, which starts with U+0000. */
const NUMBERED = 'numbered:';

/**
 * One page of a batch's serials: its listed ones (a member key each), then its numbered ones, read
 * from the batch's ranges with no key per serial. A batch without ranges pages exactly as before.
 *
 * @example
 * const page = await batchSerialPage(ctx, batch, 1000, '');
 * // { items: ['B1.1', …], bookmark: 'numbered:1000', count: 1000 }
 */
export async function batchSerialPage(ctx: ColdtraceContext, batch: Batch, pageSize: number, bookmark: string): Promise<Page<string>> {
    const numberedCount = (batch.numbered ?? []).reduce((sum, range) => sum + range.count, 0);
    let items: string[] = [];
    let from = 0;
    if (bookmark.startsWith(NUMBERED)) {
        from = numberedOffset(bookmark.slice(NUMBERED.length), numberedCount);
    } else {
        const listed = await ctx.members.page('batchSerial', batch.batchId, pageSize, bookmark);
        if (listed.bookmark || numberedCount === 0) {
            return listed;
        }
        items = listed.items;
    }
    const numbered = numberedSlice(batch, from, pageSize - items.length);
    items = [...items, ...numbered];
    const next = from + numbered.length;
    return { items, bookmark: next < numberedCount ? `${NUMBERED}${next}` : '', count: items.length };
}

function numberedOffset(text: string, numberedCount: number): number {
    const offset = /^(0|[1-9][0-9]*)$/.test(text) ? Number(text) : NaN;
    if (!(offset <= numberedCount)) {
        throw new BadBookmarkError();
    }
    return offset;
}
