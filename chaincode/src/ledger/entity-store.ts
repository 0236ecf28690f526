import type { ChaincodeStub } from 'fabric-shim-api';
import { NotFoundError } from '../errors/chaincode-error';
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
    | 'batchAnomaly';

/**
 * Typed JSON records on the world state, one key per record. Values are written as canonical JSON
 * so every endorser writes the same bytes.
 *
 * Reads see the state as committed before this transaction: a record put earlier in the same
 * transaction is not visible to a later get, exactly as on a Fabric peer.
 *
 * @example
 * const product = await store.require<Product>('product', [serial], `product ${serial}`);
 * await store.put('product', [serial], { ...product, state: 'stocked' });
 */
export class EntityStore {
    constructor(private readonly stub: ChaincodeStub) {}

    key(kind: RecordKind, ids: string[]): string {
        return this.stub.createCompositeKey(kind, ids);
    }

    async get<T>(kind: RecordKind, ids: string[]): Promise<T | undefined> {
        const bytes = await this.stub.getState(this.key(kind, ids));
        if (!bytes || bytes.length === 0) {
            return undefined;
        }
        return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
    }

    async require<T>(kind: RecordKind, ids: string[], label: string): Promise<T> {
        const value = await this.get<T>(kind, ids);
        if (value === undefined) {
            throw new NotFoundError(`${label} does not exist`);
        }
        return value;
    }

    async exists(kind: RecordKind, ids: string[]): Promise<boolean> {
        const bytes = await this.stub.getState(this.key(kind, ids));
        return Boolean(bytes && bytes.length > 0);
    }

    async put(kind: RecordKind, ids: string[], value: object): Promise<void> {
        await this.stub.putState(this.key(kind, ids), Buffer.from(canonicalJson(value)));
    }

    async delete(kind: RecordKind, ids: string[]): Promise<void> {
        await this.stub.deleteState(this.key(kind, ids));
    }

    /** Every record of a kind whose key starts with the given ids, in key order. */
    async listByPrefix<T>(kind: RecordKind, ids: string[]): Promise<T[]> {
        const records: T[] = [];
        for await (const entry of this.stub.getStateByPartialCompositeKey(kind, ids)) {
            records.push(JSON.parse(Buffer.from(entry.value).toString('utf8')) as T);
        }
        return records;
    }
}
