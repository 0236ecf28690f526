import type { ChaincodeStub } from 'fabric-shim-api';
import { NotFoundError } from '../errors/chaincode-error';
import { type Batch, isCommissioning } from '../model/batch';
import { commissionedProduct, parseNumberedSerial, rangeHolding } from '../model/numbered-serial';
import type { Product } from '../model/product';
import { type UnitSteps, withCarriedSteps } from '../model/unit-steps';
import { canonicalJson } from './canonical-json';

/** The kinds of record the contract keeps, each under its own composite-key object type. */
export type RecordKind =
    | 'batch'
    | 'product'
    | 'order'
    | 'handlingUnit'
    | 'shipment'
    | 'sensorAssignment'
    | 'excursion'
    | 'telemetryDigest'
    | 'epcisAnchor'
    | 'batchAnomaly'
    | 'member'
    | 'memberApproval'
    | 'imported'
    | 'unitSteps';

/**
 * Typed JSON records on the world state, one key per record. Values are written as canonical JSON
 * so every endorser writes the same bytes.
 *
 * Reads see the state as committed before this transaction: a record put earlier in the same
 * transaction is not visible to a later get, exactly as on a Fabric peer.
 *
 * A batch still being commissioned, and every product of it, does not exist for `get` and `require`:
 * this is the one place that rule lives, so every read path (records, lists, traces, history, steps
 * on a product) sees a batch absent or complete, never half-made. Commissioning itself reads them
 * with `getIncludingCommissioning`; `exists` sees them too, because ids stay unique all the same.
 *
 * A serial numbered by a quantity has no product key until its first step: its batch's range
 * stands for it (see `NumberedRange`), and this store answers it as the record commissioning wrote
 * before ranges existed, so no reader can tell the difference. Its first step puts the record.
 *
 * A product of a received handling unit reads with the steps its unit took for all its products
 * (see `UnitSteps`): a bulk step over the unit wrote them once, and no reader can tell either.
 *
 * @example
 * const product = await store.require<Product>('product', [serial], `product ${serial}`);
 * await store.put('product', [serial], { ...product, state: 'stocked' });
 */
export class EntityStore {
    /** Each batch this transaction looked at for its products, read once per batch. */
    readonly #batches = new Map<string, Promise<Batch | undefined>>();

    /** Each handling unit's carried steps this transaction looked at, read once per unit. */
    readonly #unitSteps = new Map<string, Promise<UnitSteps | undefined>>();

    readonly #stub: ChaincodeStub;

    constructor(stub: ChaincodeStub) {
        this.#stub = stub;
    }

    key(kind: RecordKind, ids: string[]): string {
        return this.#stub.createCompositeKey(kind, ids);
    }

    /** A record as the network may see it: undefined when absent or part of a batch still being commissioned. */
    async get<T>(kind: RecordKind, ids: string[]): Promise<T | undefined> {
        const value = await this.getIncludingCommissioning<T>(kind, ids);
        return value !== undefined && (await this.#shown(kind, value)) ? value : undefined;
    }

    /** A record even when it belongs to a batch still being commissioned: for commissioning itself only. */
    async getIncludingCommissioning<T>(kind: RecordKind, ids: string[]): Promise<T | undefined> {
        const written = await this.getWritten<T>(kind, ids);
        if (written === undefined) {
            return (await this.numberedRecord(kind, ids)) as T | undefined;
        }
        return kind === 'product' ? ((await this.withUnitSteps(written as Product)) as T) : written;
    }

    /** A product's record with the steps its handling unit took for it since (the record itself when none). */
    async withUnitSteps(product: Product): Promise<Product> {
        return product.handlingUnit ? withCarriedSteps(product, await this.unitSteps(product.handlingUnit)) : product;
    }

    /** The steps a handling unit's products took together, read once per transaction; undefined before its receipt. */
    unitSteps(sscc: string): Promise<UnitSteps | undefined> {
        let steps = this.#unitSteps.get(sscc);
        if (!steps) {
            steps = this.getWritten<UnitSteps>('unitSteps', [sscc]);
            this.#unitSteps.set(sscc, steps);
        }
        return steps;
    }

    /** A record's own key only: a numbered serial before its first step has none. */
    async getWritten<T>(kind: RecordKind, ids: string[]): Promise<T | undefined> {
        const bytes = await this.#stub.getState(this.key(kind, ids));
        if (!bytes || bytes.length === 0) {
            return undefined;
        }
        // A view, not a copy: the bytes are only decoded.
        return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as T;
    }

    /**
     * The product a numbered serial's range stands for, whether or not its record was written since:
     * the version commissioning made. Undefined for a serial no range holds.
     */
    async numberedProduct(serial: string): Promise<Product | undefined> {
        const numbered = parseNumberedSerial(serial);
        const batch = numbered && (await this.#batch(numbered.batchId));
        const range = batch && rangeHolding(batch, numbered.number);
        return range && commissionedProduct(batch, range, serial);
    }

    /** The product a product key's ids (its serial) stand for by a numbered range; undefined for any other kind. */
    async numberedRecord(kind: RecordKind, ids: readonly string[]): Promise<Product | undefined> {
        const [serial] = ids;
        return kind === 'product' && serial !== undefined ? this.numberedProduct(serial) : undefined;
    }

    async require<T>(kind: RecordKind, ids: string[], label: string): Promise<T> {
        const value = await this.get<T>(kind, ids);
        if (value === undefined) {
            throw new NotFoundError(`${label} does not exist`);
        }
        return value;
    }

    /** Whether an id is taken, by any record, commissioned or not. */
    async exists(kind: RecordKind, ids: string[]): Promise<boolean> {
        const bytes = await this.#stub.getState(this.key(kind, ids));
        return Boolean(bytes && bytes.length > 0) || (await this.numberedRecord(kind, ids)) !== undefined;
    }

    async put(kind: RecordKind, ids: string[], value: object): Promise<void> {
        await this.#stub.putState(this.key(kind, ids), Buffer.from(canonicalJson(value)));
    }

    async delete(kind: RecordKind, ids: string[]): Promise<void> {
        await this.#stub.deleteState(this.key(kind, ids));
    }

    async #shown(kind: RecordKind, value: unknown): Promise<boolean> {
        if (kind === 'batch') {
            return !isCommissioning(value as Batch);
        }
        if (kind === 'product') {
            return !(await this.#batchCommissioning((value as Product).batchId));
        }
        return true;
    }

    async #batchCommissioning(batchId: string): Promise<boolean> {
        const batch = await this.#batch(batchId);
        return batch !== undefined && isCommissioning(batch);
    }

    #batch(batchId: string): Promise<Batch | undefined> {
        let batch = this.#batches.get(batchId);
        if (!batch) {
            batch = this.getWritten<Batch>('batch', [batchId]);
            this.#batches.set(batchId, batch);
        }
        return batch;
    }

    /** Every record of a kind whose key starts with the given ids, in key order. */
    async listByPrefix<T>(kind: RecordKind, ids: string[]): Promise<T[]> {
        const records: T[] = [];
        for await (const entry of this.#stub.getStateByPartialCompositeKey(kind, ids)) {
            records.push(JSON.parse(Buffer.from(entry.value).toString('utf8')) as T);
        }
        return records;
    }
}
