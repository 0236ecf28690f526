import { canRead } from '../access/access-rules';
import type { ColdtraceContext } from '../ledger/coldtrace-context';
import type { Batch } from '../model/batch';
import type { BatchAnomaly, RecallClass } from '../model/batch-anomaly';
import type { TimelineEntry } from '../model/common';
import type { Excursion } from '../model/excursion';
import type { HandlingUnit } from '../model/handling-unit';
import type { Order } from '../model/order';
import { isHeld, type Product } from '../model/product';
import type { Shipment } from '../model/shipment';
import { FlagReader, type ProductView } from './product-view';

/** Everything a retailer or auditor needs about one serial, in one answer. */
export interface Trace {
    product: ProductView;
    batch: Batch;
    handlingUnit?: HandlingUnit;
    shipment?: Shipment;
    order?: Order;
    excursions: Excursion[];
    anomalies: BatchAnomaly[];
    timeline: TimelineEntry[];
}

/**
 * Assembles the trace of a product the caller may read. Related records come with it (the batch,
 * the shipment that carried it, its order) because being party to the product is what entitles a
 * retailer to its story; order prices never do.
 */
export async function buildTrace(ctx: ColdtraceContext, product: Product): Promise<Trace> {
    const flags = new FlagReader(ctx);
    const [view, batch, handlingUnit, shipment, excursions, anomalies] = await Promise.all([
        flags.view(product),
        ctx.store.require<Batch>('batch', [product.batchId], `batch ${product.batchId}`),
        product.handlingUnit ? ctx.store.get<HandlingUnit>('handlingUnit', [product.handlingUnit]) : undefined,
        product.shipmentId ? ctx.store.get<Shipment>('shipment', [product.shipmentId]) : undefined,
        flags.excursionsFor(product),
        flags.anomaliesOf(product.batchId),
    ]);
    const order = shipment ? await ctx.store.get<Order>('order', [shipment.orderId]) : undefined;
    return {
        product: view,
        batch: batchOfTrace(batch),
        handlingUnit,
        shipment,
        order: order && canRead(ctx, order.parties) ? order : undefined,
        excursions,
        anomalies,
        timeline: product.timeline,
    };
}

/**
 * The batch as a trace shows it: without its numbered ranges. They grow by one with every commissioning
 * of the batch (a batch of a million serials commissioned 2,000 at a time carries 500, ~100 KB), and the
 * traced product's own timeline already names the commissioning it came from; `batch:get` keeps them.
 */
function batchOfTrace(batch: Batch): Batch {
    if (batch.numbered === undefined) {
        return batch;
    }
    const shown = { ...batch };
    delete shown.numbered;
    return shown;
}

/** What anyone may learn about a serial from its package: no organizations, users or prices. */
export interface PublicProvenance {
    serial: string;
    gtin: string;
    productName: string;
    batchId: string;
    lot?: string;
    productionDate?: string;
    expiryDate?: string;
    manufacturedAt: string;
    state: string;
    temperatureRange: { minC: number; maxC: number };
    coldChainHeld: boolean;
    /**
     * A reported anomaly holds the product's batch while it is investigated, or an excursion holds
     * the unit until its manufacturer decides: not a confirmed recall, but a reason not to use the
     * product until then. False once the batch is recalled: `recalled` says so.
     */
    onHold: boolean;
    /** The batch is recalled: do not use the product. The class says how serious (I most). */
    recalled: boolean;
    recallClass?: RecallClass;
}

export async function buildPublicProvenance(ctx: ColdtraceContext, product: Product): Promise<PublicProvenance> {
    const flags = new FlagReader(ctx);
    const [batch, view] = await Promise.all([ctx.store.require<Batch>('batch', [product.batchId], `batch ${product.batchId}`), flags.view(product)]);
    // Commissioning writes a product's first timeline entry with the product itself.
    const [manufactured] = product.timeline;
    if (manufactured === undefined) {
        throw new Error(`product ${product.serial} has no timeline`);
    }
    return {
        serial: product.serial,
        gtin: product.gtin,
        productName: batch.productName,
        batchId: batch.batchId,
        lot: batch.lot,
        productionDate: batch.productionDate,
        expiryDate: batch.expiryDate,
        manufacturedAt: manufactured.at,
        state: product.state,
        temperatureRange: { minC: batch.temperatureProfile.minC, maxC: batch.temperatureProfile.maxC },
        coldChainHeld: !view.flags.excursion,
        onHold: isHeld(view.flags) && !view.flags.recall,
        recalled: view.flags.recall !== undefined,
        recallClass: view.flags.recall?.recallClass,
    };
}
