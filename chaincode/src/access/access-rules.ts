import { ForbiddenError } from '../errors/chaincode-error';
import type { ColdtraceContext } from '../ledger/coldtrace-context';
import { Org } from './org';

/**
 * Rejects the transaction unless the caller belongs to the organization allowed to take `action`.
 *
 * @example
 * requireOrg(ctx, Org.Retailer, 'sell products');
 */
export function requireOrg(ctx: ColdtraceContext, org: string, action: string): void {
    if (ctx.caller.org !== org) {
        throw new ForbiddenError(`only ${org} may ${action}; caller is ${ctx.caller.org}`);
    }
}

/** Rejects unless the caller is the party a record names for this step (e.g. the shipment's carrier). */
export function requireParty(ctx: ColdtraceContext, party: string, role: string, action: string): void {
    if (ctx.caller.org !== party) {
        throw new ForbiddenError(`only the ${role} (${party}) may ${action}; caller is ${ctx.caller.org}`);
    }
}

/** Excursions and digests come from the carrier's detector service, not from any carrier user. */
export function requireDetector(ctx: ColdtraceContext, carrier: string, action: string): void {
    requireParty(ctx, carrier, 'carrier of the shipment', action);
    if (!ctx.caller.isDetector) {
        throw new ForbiddenError(`${action} needs a certificate with attribute coldtrace.role=detector`);
    }
}

/**
 * Rejects the detector service's certificate: it writes what sensors measured (excursions, digests),
 * never a person's judgement such as a complaint, even though its organization holds the goods.
 *
 * @example
 * requireNotDetector(ctx, `report an anomaly on batch ${batchId}`);
 */
export function requireNotDetector(ctx: ColdtraceContext, action: string): void {
    if (ctx.caller.isDetector) {
        throw new ForbiddenError(`a detector service certificate may not ${action}; it records excursions and digests only`);
    }
}

/** True when the caller may read a record with these parties: a party to it, or an auditor. */
export function canRead(ctx: ColdtraceContext, parties: readonly string[]): boolean {
    return ctx.caller.org === Org.Auditor || parties.includes(ctx.caller.org);
}

/** Rejects reading a record the caller is no party to. */
export function requireReadable<T extends { parties: readonly string[] }>(ctx: ColdtraceContext, record: T, label: string): T {
    if (!canRead(ctx, record.parties)) {
        throw new ForbiddenError(`${label} is not visible to ${ctx.caller.org}`);
    }
    return record;
}
