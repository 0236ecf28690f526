import { requireReadable } from '../access/access-rules';
import { ForbiddenError } from '../errors/chaincode-error';
import type { ColdtraceContext } from '../ledger/coldtrace-context';
import type { RecordKind } from '../ledger/entity-store';
import { EVERYONE } from '../ledger/party-index';
import type { Page, PageQuery } from '../model/common';

/**
 * One page of the records of a kind that the caller is party to (auditors: all of them), optionally
 * only those in one state.
 *
 * @example
 * const page = await visiblePage<Shipment>(ctx, 'shipment', 'in_transit', { pageSize: 50, bookmark: '' });
 */
export async function visiblePage<T>(ctx: ColdtraceContext, kind: RecordKind, state: string | undefined, query: PageQuery): Promise<Page<T>> {
    const party = listedParty(ctx, query.party);
    const page = await ctx.index.page(kind, party, state, query.pageSize, query.bookmark);
    // The products of a batch still being commissioned are indexed already but do not exist yet, and an
    // entry of the index before party sets lists its record only in that state: a page may come out
    // shorter than asked; its bookmark still leads on.
    const records: (T | undefined)[] = await Promise.all(
        page.items.map(async ({ id, onlyIn }) => {
            const record = await ctx.store.get<T & { state?: string }>(kind, [id]);
            return onlyIn === undefined || record?.state === onlyIn ? record : undefined;
        }),
    );
    const items = records.filter((record): record is T => record !== undefined);
    return { ...page, items, count: items.length };
}

/** Whose index entries a list reads: the caller's own, or for auditors everybody's or one party's. */
function listedParty(ctx: ColdtraceContext, requested: string | undefined): string {
    if (ctx.hasRole('auditor')) {
        return requested ?? EVERYONE;
    }
    if (requested && requested !== ctx.caller.org) {
        throw new ForbiddenError(`only an auditor may list the records of ${requested}`);
    }
    return ctx.caller.org;
}

/**
 * One record the caller is party to (auditors: any), or a NOT_FOUND / FORBIDDEN refusal.
 *
 * @example
 * const shipment = await visibleRecord<Shipment>(ctx, 'shipment', shipmentId);
 */
export async function visibleRecord<T extends { parties: readonly string[] }>(ctx: ColdtraceContext, kind: RecordKind, id: string): Promise<T> {
    const label = `${kind} ${id}`;
    return requireReadable(ctx, await ctx.store.require<T>(kind, [id], label), label);
}
