import type { ChaincodeStub } from 'fabric-shim-api';
import type { Page } from '../model/common';
import { lastAttributes, pageOfKeys } from './paged-keys';
import type { RecordKind } from './entity-store';

/** The index entry every record also gets, so auditors can list everything. */
export const EVERYONE = '*';

const INDEX_VALUE = Buffer.from([0]);

/** Where a record sits in the lists: which organizations see it, and in which state. */
export interface IndexPosition {
    parties: readonly string[];
    state: string;
}

/**
 * Composite-key index `idx~<kind>` of (party, state, id), one small key per entry, so lists by
 * party and state page through the ledger without anybody appending to a shared key.
 *
 * @example
 * await index.move('shipment', id, { parties, state: 'created' }, { parties, state: 'in_transit' });
 * const page = await index.page('shipment', 'CarrierMSP', 'in_transit', 50, '');
 */
export class PartyIndex {
    constructor(private readonly stub: ChaincodeStub) {}

    /** Updates the entries of a record that moved from `before` (undefined when new) to `after`. */
    async move(kind: RecordKind, id: string, before: IndexPosition | undefined, after: IndexPosition): Promise<void> {
        const objectType = indexType(kind);
        const oldKeys = new Set(before ? positionKeys(before).map((attrs) => this.stub.createCompositeKey(objectType, [...attrs, id])) : []);
        const newKeys = new Set(positionKeys(after).map((attrs) => this.stub.createCompositeKey(objectType, [...attrs, id])));
        for (const key of [...oldKeys].sort()) {
            if (!newKeys.has(key)) {
                await this.stub.deleteState(key);
            }
        }
        for (const key of [...newKeys].sort()) {
            if (!oldKeys.has(key)) {
                await this.stub.putState(key, INDEX_VALUE);
            }
        }
    }

    /** One page of record ids for a party, optionally in one state. Read-only transactions only. */
    async page(kind: RecordKind, party: string, state: string | undefined, pageSize: number, bookmark: string): Promise<Page<string>> {
        const attributes = state ? [party, state] : [party];
        return lastAttributes(await pageOfKeys(this.stub, indexType(kind), attributes, pageSize, bookmark));
    }
}

function indexType(kind: RecordKind): string {
    return `idx~${kind}`;
}

function positionKeys(position: IndexPosition): string[][] {
    return [...new Set([...position.parties, EVERYONE])].map((party) => [party, position.state]);
}
