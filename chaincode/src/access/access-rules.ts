import { ForbiddenError } from '../errors/chaincode-error';
import type { ColdtraceContext } from '../ledger/coldtrace-context';
import { RELATIONSHIPS, type Relationship } from './rules-table';

/**
 * Rejects unless the caller is the party a record names for this step (the shipment's carrier, the
 * product's owner). Roles were checked before the transaction ran (`authorize`); this is the
 * relationship half of the rule, in the rules table's words.
 *
 * @example
 * requireParty(ctx, shipment.carrier, 'shipmentCarrier', `pick up shipment ${shipmentId}`);
 */
export function requireParty(ctx: ColdtraceContext, party: string, relationship: Relationship, action: string): void {
    if (ctx.caller.org !== party) {
        throw new ForbiddenError(`only the ${RELATIONSHIPS[relationship]} (${party}) may ${action}; caller is ${ctx.caller.org}`);
    }
}

/** True when the caller may read a record with these parties: a party to it, or an auditor. */
export function canRead(ctx: ColdtraceContext, parties: readonly string[]): boolean {
    return ctx.hasRole('auditor') || parties.includes(ctx.caller.org);
}

/** Rejects reading a record the caller is no party to. */
export function requireReadable<T extends { parties: readonly string[] }>(ctx: ColdtraceContext, record: T, label: string): T {
    if (!canRead(ctx, record.parties)) {
        throw new ForbiddenError(`${label} is not visible to ${ctx.caller.org}`);
    }
    return record;
}
