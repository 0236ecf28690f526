import type { ChaincodeStub } from 'fabric-shim-api';
import type { Page } from '../model/common';
import type { RecordKind } from './entity-store';
import { EVERYONE, INDEX_VALUE, type IndexPosition } from './index-position';
import { NumberedList } from './numbered-list';
import { lastAttribute, pageOfKeys } from './paged-keys';
import { type IndexedId, PartySetIndex } from './party-set-index';

export { EVERYONE, type IndexPosition } from './index-position';
export type { IndexedId } from './party-set-index';

/**
 * Kinds whose records move thousands at a time (bulk steps, commissioning): one entry per record in
 * the party-set index instead of one per party here.
 */
const SET_INDEXED: ReadonlySet<RecordKind> = new Set(['product']);

/**
 * Composite-key index `idx~<kind>` of (party, state, id), one small key per entry, so lists by
 * party and state page through the ledger without anybody appending to a shared key. Products are
 * listed through the {@link PartySetIndex} instead.
 *
 * @example
 * await index.move('shipment', id, { parties, state: 'created' }, { parties, state: 'in_transit' });
 * const page = await index.page('shipment', 'CarrierMSP', 'in_transit', 50, '');
 */
export class PartyIndex {
    readonly #sets: PartySetIndex;
    readonly #numbered: NumberedList;

    readonly #stub: ChaincodeStub;

    constructor(stub: ChaincodeStub) {
        this.#stub = stub;
        this.#sets = new PartySetIndex(stub);
        this.#numbered = new NumberedList(stub);
    }

    /** The list entries of serials numbered by a quantity, a key per range (see {@link NumberedList}). */
    get numbered(): NumberedList {
        return this.#numbered;
    }

    /** Updates the entries of a record that moved from `before` (undefined when new) to `after`. */
    async move(kind: RecordKind, id: string, before: IndexPosition | undefined, after: IndexPosition): Promise<void> {
        if (SET_INDEXED.has(kind)) {
            return this.#sets.move(kind, id, before, after);
        }
        const objectType = indexType(kind);
        const oldKeys = new Set(before ? positionKeys(before).map((attrs) => this.#stub.createCompositeKey(objectType, [...attrs, id])) : []);
        const newKeys = new Set(positionKeys(after).map((attrs) => this.#stub.createCompositeKey(objectType, [...attrs, id])));
        for (const key of [...oldKeys].sort()) {
            if (!newKeys.has(key)) {
                await this.#stub.deleteState(key);
            }
        }
        for (const key of [...newKeys].sort()) {
            if (!oldKeys.has(key)) {
                await this.#stub.putState(key, INDEX_VALUE);
            }
        }
    }

    /** Moves the entry that lists a handling unit's products in the state they took together (see `UnitSteps`). */
    async moveUnit(sscc: string, before: IndexPosition | undefined, after: IndexPosition): Promise<void> {
        await this.#sets.moveUnit('product', sscc, before, after);
    }

    /** One page of record ids for a party, optionally in one state. Read-only transactions only. */
    async page(kind: RecordKind, party: string, state: string | undefined, pageSize: number, bookmark: string): Promise<Page<IndexedId>> {
        if (kind === 'product' && (state === undefined || state === NUMBERED_STATE)) {
            return this.#withNumbered(party, state, pageSize, bookmark);
        }
        if (SET_INDEXED.has(kind)) {
            return this.#sets.page(kind, party, state, pageSize, bookmark);
        }
        const attributes = state ? [party, state] : [party];
        const page = await pageOfKeys(this.#stub, indexType(kind), attributes, pageSize, bookmark);
        return { ...page, items: page.items.map((entry) => ({ id: lastAttribute(entry) })) };
    }

    /** Lists products from the set index, then the numbered serials not written yet (see {@link NumberedList}). */
    async #withNumbered(party: string, state: string | undefined, pageSize: number, bookmark: string): Promise<Page<IndexedId>> {
        if (NumberedList.owns(bookmark)) {
            return this.#numbered.page(party, pageSize, bookmark);
        }
        const written = await this.#sets.page('product', party, state, pageSize, bookmark);
        if (written.bookmark) {
            return written;
        }
        if (written.items.length >= pageSize) {
            return { ...written, bookmark: NumberedList.start };
        }
        const numbered = await this.#numbered.page(party, pageSize - written.items.length, '');
        const items = [...written.items, ...numbered.items];
        return { items, bookmark: numbered.bookmark, count: items.length };
    }
}

/** The state of a numbered serial before its first step. */
const NUMBERED_STATE = 'manufactured';

function indexType(kind: RecordKind): string {
    return `idx~${kind}`;
}

function positionKeys(position: IndexPosition): string[][] {
    return [...new Set([...position.parties, EVERYONE])].map((party) => [party, position.state]);
}
