import type { ColdtraceContext } from '../ledger/coldtrace-context';
import { anomalyState, type BatchAnomaly, holdsBatch } from '../model/batch-anomaly';
import type { Excursion } from '../model/excursion';
import type { Product, ProductFlags } from '../model/product';

export interface ProductView extends Product {
    flags: ProductFlags;
}

/**
 * Reads the excursions of shipments and the anomalies of batches once per query, however many
 * products of the same shipment or batch the query shows.
 */
export class FlagReader {
    private readonly excursions = new Map<string, Promise<Excursion[]>>();
    private readonly anomalies = new Map<string, Promise<BatchAnomaly[]>>();

    constructor(private readonly ctx: ColdtraceContext) {}

    excursionsOf(shipmentId: string): Promise<Excursion[]> {
        return once(this.excursions, shipmentId, () => this.ctx.store.listByPrefix<Excursion>('excursion', [shipmentId]));
    }

    /** Every anomaly of the batch, open or not, each with its state (those written before states had none). */
    anomaliesOf(batchId: string): Promise<BatchAnomaly[]> {
        return once(this.anomalies, batchId, async () =>
            (await this.ctx.store.listByPrefix<BatchAnomaly>('batchAnomaly', [batchId])).map((anomaly) => ({ ...anomaly, state: anomalyState(anomaly) })),
        );
    }

    /** The excursions that touched this product: those of its shipments that list its serial. */
    async excursionsFor(product: Product): Promise<Excursion[]> {
        const perShipment = await Promise.all(product.shipments.map((id) => this.excursionsOf(id)));
        return perShipment.flat().filter((excursion) => excursion.affectedSerials.includes(product.serial));
    }

    async view(product: Product): Promise<ProductView> {
        const [excursions, anomalies] = await Promise.all([this.excursionsFor(product), this.anomaliesOf(product.batchId)]);
        return { ...product, flags: { excursion: excursions.length > 0, anomaly: anomalies.some(holdsBatch) } };
    }
}

function once<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    let found = cache.get(key);
    if (!found) {
        found = load();
        cache.set(key, found);
    }
    return found;
}
