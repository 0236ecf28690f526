import { canRead } from '../access/access-rules';
import type { ColdtraceContext } from '../ledger/coldtrace-context';
import type { Batch } from '../model/batch';
import type { HoldStatus, ImpactPage, ImpactRow } from '../model/batch-impact';
import type { Page } from '../model/common';
import type { Product } from '../model/product';
import { FlagReader, type ProductView } from './product-view';

/**
 * A page of a batch's impact from a page of its serials: each product read once, the flags of their
 * shipments and batch once per page, rows only for the products the caller may read (auditors and
 * the batch's manufacturer, always a party of its products, read all).
 *
 * @example
 * const page = await impactPage(ctx, batch, await ctx.members.page('batchSerial', batchId, 1000, ''));
 */
export async function impactPage(ctx: ColdtraceContext, batch: Batch, serials: Page<string>): Promise<ImpactPage> {
    const flags = new FlagReader(ctx);
    const products = await Promise.all(serials.items.map((serial) => ctx.store.get<Product>('product', [serial])));
    const readable = products.filter((product): product is Product => product !== undefined && canRead(ctx, product.parties));
    const [items, anomalies] = await Promise.all([Promise.all(readable.map(async (product) => impactRow(await flags.view(product)))), flags.anomaliesOf(batch.batchId)]);
    const { batchId, gtin, productName, lot, manufacturer, expiryDate, serialCount } = batch;
    return { batch: { batchId, gtin, productName, lot, manufacturer, expiryDate, serialCount }, anomalies, items, bookmark: serials.bookmark, read: serials.items.length };
}

function impactRow(view: ProductView): ImpactRow {
    return {
        serial: view.serial,
        state: view.state,
        owner: view.owner,
        custodian: view.custodian,
        handlingUnit: view.handlingUnit,
        lastShipmentId: view.shipmentId ?? view.shipments[view.shipments.length - 1],
        sold: view.state === 'sold',
        hold: holdStatus(view),
        excursion: view.flags.excursion,
        updatedAt: view.updatedAt,
    };
}

/**
 * The one place the impact view reads a unit's hold or recall standing, from the flags the product's
 * view derives: a recall says what became of the unit, then an excursion's hold or rejection, then an
 * anomaly holding the batch.
 *
 * @example
 * holdStatus({ flags: { anomaly: true, excursion: false } }); // 'held'
 * holdStatus({ flags: { anomaly: true, excursion: false, recall: { status: 'returned', recallClass: 'II', anomalyId: 'A1' } } }); // 'returned'
 */
export function holdStatus(view: Pick<ProductView, 'flags'>): HoldStatus {
    const flags = view.flags;
    if (flags?.recall) {
        return flags.recall.status;
    }
    if (flags?.excursionHold) {
        return flags.excursionHold === 'rejected' ? 'rejected' : 'excursion_hold';
    }
    return flags?.anomaly ? 'held' : 'none';
}
