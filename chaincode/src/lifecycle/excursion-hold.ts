import { HoldError } from '../errors/hold-error';
import type { ColdtraceContext } from '../ledger/coldtrace-context';
import { TransactionCache } from '../ledger/transaction-cache';
import type { Excursion } from '../model/excursion';
import { excursionHold } from '../model/excursion-disposition';
import type { Product } from '../model/product';

/** Every excursion of each shipment a transaction looked at, read once per transaction. */
const excursionCache = new TransactionCache<Excursion[]>();
/** The affected serials of each excursion as a set, so checking 2,000 units against a 2,000-unit excursion stays linear. */
const affectedSets = new WeakMap<Excursion, Set<string>>();

/**
 * Every excursion of a shipment, read once per transaction (a range read: a release or rejection
 * beside a sale invalidates the sale rather than letting it pass on stale data).
 *
 * @example
 * (await excursionsOf(ctx, 'S1')).length; // 0 when the shipment stayed in range
 */
export function excursionsOf(ctx: ColdtraceContext, shipmentId: string): Promise<Excursion[]> {
    return excursionCache.get(ctx, shipmentId, () => ctx.store.listByPrefix<Excursion>('excursion', [shipmentId]));
}

/**
 * Whether an excursion lists a serial among the units it affected.
 *
 * @example
 * affects(excursion, 'B1.1'); // true when B1.1 was on board
 */
export function affects(excursion: Excursion, serial: string): boolean {
    let serials = affectedSets.get(excursion);
    if (!serials) {
        serials = new Set(excursion.affectedSerials);
        affectedSets.set(excursion, serials);
    }
    return serials.has(serial);
}

/**
 * The excursions of the product's shipments that list it, oldest shipment first.
 *
 * @example
 * const excursions = await excursionsAffecting(ctx, product);
 */
export async function excursionsAffecting(ctx: ColdtraceContext, product: Pick<Product, 'serial' | 'shipments'>): Promise<Excursion[]> {
    const perShipment = await Promise.all(product.shipments.map((id) => excursionsOf(ctx, id)));
    return perShipment.flat().filter((excursion) => affects(excursion, product.serial));
}

/**
 * Refuses `action` on a unit a closed excursion holds (awaiting the manufacturer's decision:
 * `EXCURSION_HOLD`) or that the manufacturer rejected (`EXCURSION_REJECTED`).
 *
 * @example
 * await requireNoExcursionHold(ctx, product, 'sell product B1.1');
 * // CONFLICT: EXCURSION_HOLD: product B1.1 is on hold: excursion S1-T1-1 of shipment S1 (closed …) awaits its manufacturer's release or rejection; cannot sell product B1.1
 */
export async function requireNoExcursionHold(ctx: ColdtraceContext, product: Product, action: string): Promise<void> {
    const excursions = await excursionsAffecting(ctx, product);
    const rejected = excursions.find((excursion) => excursionHold(excursion) === 'rejected');
    if (rejected) {
        throw new HoldError(
            'EXCURSION_REJECTED',
            `product ${product.serial} was rejected by ${rejected.disposition!.org} after excursion ${rejected.excursionId} of shipment ${rejected.shipmentId}; cannot ${action}: return it to the manufacturer or record its destruction`,
        );
    }
    const held = excursions.find((excursion) => excursionHold(excursion) === 'on_hold');
    if (held) {
        throw new HoldError(
            'EXCURSION_HOLD',
            `product ${product.serial} is on hold: excursion ${held.excursionId} of shipment ${held.shipmentId} (closed ${held.endAt}) awaits its manufacturer's release or rejection; cannot ${action}`,
        );
    }
}
