import { type Batch, canonicalJson, type ImportRecord, type Product, Serial, type SourceStep, type TemperatureProfile, type TimelineEntry } from '@coldtrace/chaincode/model';
import { PRODUCT_IDS_KEY, WORKSHOP_STATES, type WorkshopProduct } from '@coldtrace/workshop-chaincode/model';
import { type KeyState, type KeyVersion, latestVersion, type SourceSnapshot, sourceStep } from '../source/key-history';
import type { SourceLedger } from '../source/source-ledger';
import { count, type Discrepancy, type ModelReading, parseJson, type SourceModel } from './source-model';

/** What the workshop's records do not say and a coldtrace batch needs: given on the command line. */
export interface WorkshopMapping {
    /** The coldtrace batch every migrated product goes into. */
    batchId: string;
    /** The GTIN of the migrated products (the workshop keeps none). */
    gtin: string;
    productName: string;
    /** The coldtrace manufacturer that imports, owns and holds the products (the workshop records no parties). */
    manufacturer: string;
    temperatureProfile: TemperatureProfile;
}

/**
 * The AWS workshop's `supplychaincc` as the source: key `product_{id}` per product with its state and
 * the time it reached each state, and `productIDs` listing every product key. Mapping:
 * - one coldtrace batch (`batchId`, `gtin`, `productName`, temperature profile from the options),
 *   manufactured and owned by `manufacturer`; its provenance is the history of `productIDs`;
 * - per workshop product one coldtrace product: serial = workshop id, state = workshop state (the
 *   workshop's states are coldtrace's: manufactured, inspected, shipped, stocked, labeled, sold),
 *   owner and custodian the manufacturer, and a timeline with one step per state reached: the time
 *   the workshop recorded for it, the source transaction's creator MSP and user, its transaction id.
 * State comes from the chaincode (`query`), history from the blocks; they must agree.
 *
 * @example
 * workshopModel({ batchId: 'WS-2027', gtin: '09506000134352', productName: 'Vaccine', manufacturer: 'ManufacturerMSP', temperatureProfile })
 */
export function workshopModel(mapping: WorkshopMapping): SourceModel {
    return {
        name: 'workshop',
        async read(source: SourceLedger, snapshot: SourceSnapshot): Promise<ModelReading> {
            const skipped: Record<string, number> = {};
            const problems: Discrepancy[] = [];
            const listed = snapshot.get(PRODUCT_IDS_KEY);
            const keys = new Set((await queryJson<string[]>(source, PRODUCT_IDS_KEY)) ?? []);
            if (!listed) {
                return {
                    records: [],
                    skipped,
                    problems: keys.size ? [{ kind: 'source', key: PRODUCT_IDS_KEY, detail: 'the chaincode lists products the blocks never wrote' }] : [],
                };
            }
            const products: ImportRecord[] = [];
            for (const state of snapshot.values()) {
                if (state.key === PRODUCT_IDS_KEY) {
                    continue;
                }
                if (!keys.has(state.key)) {
                    count(skipped, 'keys productIDs does not list');
                    continue;
                }
                keys.delete(state.key);
                const mapped = await productRecord(source, state, mapping);
                if (typeof mapped === 'string') {
                    problems.push({ kind: 'source', key: state.key, detail: mapped });
                } else {
                    products.push(mapped);
                }
            }
            for (const key of keys) {
                problems.push({ kind: 'source', key, detail: 'productIDs lists it, the blocks never wrote it' });
            }
            return { records: [batchRecord(listed, products.length, mapping), ...products], skipped, problems };
        },
    };
}

async function queryJson<T>(source: SourceLedger, key: string): Promise<T | undefined> {
    try {
        return JSON.parse(Buffer.from(await source.evaluate('query', [key])).toString('utf8')) as T;
    } catch {
        return undefined;
    }
}

/** The batch the products go into; its history is the history of the key that lists them. */
function batchRecord(listed: KeyState, serialCount: number, mapping: WorkshopMapping): ImportRecord {
    const history = listed.versions.map((version) => sourceStep(version.tx));
    const first = listed.versions[0].tx;
    const last = latestVersion(listed).tx;
    const value: Batch = {
        docType: 'batch',
        batchId: mapping.batchId,
        gtin: mapping.gtin,
        productName: mapping.productName,
        manufacturer: mapping.manufacturer,
        temperatureProfile: mapping.temperatureProfile,
        serialCount,
        state: 'commissioned',
        expectedSerials: serialCount,
        parties: [mapping.manufacturer],
        created: { state: 'created', at: first.time, org: first.msp, user: first.user, txId: first.txId },
        updatedBy: { org: last.msp, user: last.user },
        updatedAt: last.time,
        txId: last.txId,
    };
    return { kind: 'batch', ids: [mapping.batchId], value: { ...value }, provenance: sourceStep(last), history };
}

/** One workshop product as a coldtrace product, or why it cannot be one. */
async function productRecord(source: SourceLedger, state: KeyState, mapping: WorkshopMapping): Promise<ImportRecord | string> {
    const last = latestVersion(state);
    const fromBlocks = parseJson(last.value) as unknown as WorkshopProduct | undefined;
    const fromChaincode = await queryJson<WorkshopProduct>(source, state.key);
    if (!fromBlocks || canonicalJson(fromBlocks) !== canonicalJson(fromChaincode)) {
        return 'the chaincode answers another value than the blocks';
    }
    const serial = Serial.safeParse(fromBlocks.id);
    if (!serial.success || !(WORKSHOP_STATES as readonly string[]).includes(fromBlocks.state)) {
        return `id ${JSON.stringify(fromBlocks.id)} or state ${JSON.stringify(fromBlocks.state)} does not map to a coldtrace product`;
    }
    const owner = mapping.manufacturer;
    const value: Product = {
        docType: 'product',
        serial: fromBlocks.id,
        gtin: mapping.gtin,
        batchId: mapping.batchId,
        state: fromBlocks.state,
        owner,
        custodian: owner,
        shipments: [],
        parties: [owner],
        timeline: state.versions.map(timelineStep),
        updatedBy: { org: last.tx.msp, user: last.tx.user },
        updatedAt: last.tx.time,
        txId: last.tx.txId,
    };
    const history: SourceStep[] = state.versions.map((version) => sourceStep(version.tx));
    return { kind: 'product', ids: [fromBlocks.id], value: { ...value }, provenance: sourceStep(last.tx), history };
}

/** The step a version recorded: the state it reached, at the time the workshop wrote for it, by the transaction's creator. */
function timelineStep(version: KeyVersion): TimelineEntry {
    const product = parseJson(version.value) as unknown as WorkshopProduct;
    return { state: product.state, at: product.history[product.state] ?? version.tx.time, org: version.tx.msp, user: version.tx.user, txId: version.tx.txId };
}
