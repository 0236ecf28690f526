import type { ColdtraceContext } from '../ledger/coldtrace-context';
import { anomaliesOf } from '../lifecycle/batch-hold';
import { excursionsAffecting, excursionsOf } from '../lifecycle/excursion-hold';
import { anomalyState, type BatchAnomaly, holdsBatch, recallOf } from '../model/batch-anomaly';
import type { Excursion } from '../model/excursion';
import { excursionHold } from '../model/excursion-disposition';
import { hasLeftChain, type Product, type ProductFlags, type ProductRecallStatus } from '../model/product';

export interface ProductView extends Product {
    flags: ProductFlags;
}

/**
 * Derives a product's flags from the excursions of its shipments and the anomalies of its batch,
 * each read once per query however many products of the same shipment or batch the query shows.
 */
export class FlagReader {
    readonly #ctx: ColdtraceContext;

    constructor(ctx: ColdtraceContext) {
        this.#ctx = ctx;
    }

    excursionsOf(shipmentId: string): Promise<Excursion[]> {
        return excursionsOf(this.#ctx, shipmentId);
    }

    /** Every anomaly of the batch, open or not, each with its state (those written before states had none). */
    async anomaliesOf(batchId: string): Promise<BatchAnomaly[]> {
        return (await anomaliesOf(this.#ctx, batchId)).map((anomaly) => ({ ...anomaly, state: anomalyState(anomaly) }));
    }

    /** The excursions that touched this product: those of its shipments that list its serial. */
    excursionsFor(product: Product): Promise<Excursion[]> {
        return excursionsAffecting(this.#ctx, product);
    }

    async view(product: Product): Promise<ProductView> {
        const [excursions, anomalies] = await Promise.all([this.excursionsFor(product), this.anomaliesOf(product.batchId)]);
        const flags: ProductFlags = { excursion: excursions.length > 0, anomaly: anomalies.some(holdsBatch) };
        const recalled = recallOf(anomalies);
        if (recalled?.recall) {
            flags.recall = { status: recallStatus(product), recallClass: recalled.recall.recallClass, anomalyId: recalled.anomalyId };
        }
        const holds = excursions.map(excursionHold);
        const excursionHoldState = holds.includes('rejected') ? 'rejected' : holds.includes('on_hold') ? 'on_hold' : undefined;
        if (excursionHoldState) {
            flags.excursionHold = excursionHoldState;
        }
        return { ...product, flags };
    }
}

/** What became of a unit of a recalled batch; a sale is refused once the batch is recalled, so every sold unit was sold before. */
function recallStatus(product: Product): ProductRecallStatus {
    if (product.state === 'sold') {
        return 'sold_before_recall';
    }
    return hasLeftChain(product) ? (product.state as ProductRecallStatus) : 'recalled';
}
