import type { ChaincodeStub } from 'fabric-shim-api';
import { BadBookmarkError } from '../errors/bad-bookmark-error';
import { decodeTupleBookmark, encodeTupleBookmark } from './tuple-bookmark';
import type { Page } from '../model/common';
import { attributeAt, lastAttribute, pageOfKeys } from './paged-keys';

import { EVERYONE, INDEX_VALUE, type IndexPosition } from './index-position';

/**
 * One id of a list page. `onlyIn` is set for an entry of the index written before party sets: it
 * still lists the record only while the record is in that state (see {@link PartySetIndex}).
 */
export interface IndexedId {
    id: string;
    onlyIn?: string;
}

/**
 * A group of list entries: the old per-party index, one (state, party set) of the directory, or the
 * handling units whose products reached that state together.
 */
type Group = readonly [legacy: 'legacy'] | readonly [state: string, set: string] | readonly [units: 'units', state: string, set: string];

const LEGACY: Group = ['legacy'];

/** A list's bookmark names the group it stopped in, and where in that group. */
interface SetBookmark {
    /** The group: `legacy`, the state and party set of a directory entry, or `units` and those. */
    group: readonly string[];
    /** The ledger's bookmark inside the group ('' from its start). */
    at: string;
}

/**
 * The list index of records that move in bulk (products): one entry per record, (party set, state,
 * id), shared by every party of the set, and a small directory (party, state, party set) that says
 * which sets a party's lists read. A step of one record moves one entry (a delete and a put) however
 * many organizations see it — the per-party index moved one per party and one for auditors. The
 * directory is written without reading it (the same bytes, so concurrent transactions never
 * conflict on it), once per transaction, state and set.
 *
 * A list by party (and state) reads the party's directory entries, then each set's entries in
 * turn, one paged range query at a time, so it stays paged and ordered by state, set and id.
 *
 * Ledgers written before this index hold per-party entries (`idx~<kind>`: party, state, id). Lists
 * read those first and flag them `onlyIn` their state: a record that moved on since has a set entry
 * in its new state, and its old entry stops listing it (states never repeat). Old entries are left in
 * place; they cost a list a skipped entry each, no more.
 *
 * A handling unit whose products took a step together (a bulk step over the unit, see `UnitSteps`)
 * has one entry (party set, state, SSCC) that lists its serials in that state after the set's own
 * entries, instead of moving 2,000 entries; the serials' own entries stay where their records were
 * last written. So every entry lists its record only while the record is in the entry's state
 * (`onlyIn`), which the list checks on the record it reads anyway.
 *
 * @example
 * await index.move('product', serial, { parties, state: 'received' }, { parties, state: 'stocked' });
 * const page = await index.page('product', 'RetailerMSP', 'stocked', 100, '');
 */
export class PartySetIndex {
    /** The (kind, state, party set) groups whose directory entries this transaction wrote: a bulk step's serials share one. */
    readonly #listed = new Set<string>();

    /** Party sets as key attributes, by their parties in record order: a bulk step's serials share a few. */
    readonly #sets = new Map<string, string>();

    readonly #stub: ChaincodeStub;

    constructor(stub: ChaincodeStub) {
        this.#stub = stub;
    }

    async move(kind: string, id: string, before: IndexPosition | undefined, after: IndexPosition): Promise<void> {
        await this.#moveEntry(entryType(kind), kind, id, before, after);
    }

    /**
     * Moves a handling unit's entry: it lists every serial of the unit in the state its products took
     * together (see `UnitSteps`), as long as each still is in it.
     */
    async moveUnit(kind: string, sscc: string, before: IndexPosition | undefined, after: IndexPosition): Promise<void> {
        await this.#moveEntry(unitEntryType(kind), kind, sscc, before, after);
    }

    async #moveEntry(type: string, kind: string, id: string, before: IndexPosition | undefined, after: IndexPosition): Promise<void> {
        const set = this.#setOf(after.parties);
        const [from, to] = [before && this.#entryKey(type, before, id), this.#entryKey(type, after, id)];
        if (from === to) {
            return;
        }
        if (from) {
            await this.#stub.deleteState(from);
        }
        await this.#stub.putState(to, INDEX_VALUE);
        const group = `${kind}\u0000${after.state}\u0000${set}`;
        if (this.#listed.has(group)) {
            return;
        }
        this.#listed.add(group);
        for (const party of [...new Set([...after.parties, EVERYONE])].sort()) {
            await this.#stub.putState(this.#stub.createCompositeKey(directoryType(kind), [party, after.state, set]), INDEX_VALUE);
        }
    }

    #entryKey(type: string, position: IndexPosition, id: string): string {
        return this.#stub.createCompositeKey(type, [this.#setOf(position.parties), position.state, id]);
    }

    #setOf(parties: readonly string[]): string {
        const known = parties.join('\u0000');
        let set = this.#sets.get(known);
        if (set === undefined) {
            set = setOf(parties);
            this.#sets.set(known, set);
        }
        return set;
    }

    /** One page of ids a party (EVERYONE: auditors) sees, optionally in one state. Read-only transactions only. */
    async page(kind: string, party: string, state: string | undefined, pageSize: number, bookmark: string): Promise<Page<IndexedId>> {
        const filter = state ? [party, state] : [party];
        const groups: Group[] = [
            LEGACY,
            ...(await this.#directory(kind, filter)).flatMap(([state, set]): Group[] => [
                [state, set],
                ['units', state, set],
            ]),
        ];
        const start = bookmark ? decodeBookmark(bookmark) : { group: LEGACY, at: '' };
        const at = groups.findIndex((group) => sameGroup(group, start.group));
        if (at < 0) {
            throw new BadBookmarkError();
        }
        const items: IndexedId[] = [];
        let inner = start.at;
        for (const group of groups.slice(at)) {
            if (items.length >= pageSize) {
                return { items, bookmark: encodeBookmark({ group, at: '' }), count: items.length };
            }
            const page = await this.#groupPage(kind, group, filter, pageSize - items.length, inner);
            inner = '';
            items.push(...page.items);
            if (page.bookmark) {
                return { items, bookmark: encodeBookmark({ group, at: page.bookmark }), count: items.length };
            }
        }
        return { items, bookmark: '', count: items.length };
    }

    /**
     * Up to `need` ids of one group, from `at`. An entry lists its record only while the record is in
     * the entry's state: old entries, and those of products whose unit took steps for them since.
     */
    async #groupPage(kind: string, group: Group, filter: string[], need: number, at: string): Promise<Page<IndexedId>> {
        if (group.length === 1) {
            // Old entries: party, state, id.
            const page = await pageOfKeys(this.#stub, `idx~${kind}`, filter, need, at);
            return { ...page, items: page.items.map((entry) => ({ id: lastAttribute(entry), onlyIn: attributeAt(entry, 1) })) };
        }
        if (group.length === 3) {
            const page = await this.#unitsPage(kind, group[1], group[2], need, at);
            return { ...page, items: page.items.map((id) => ({ id, onlyIn: group[1] })) };
        }
        // Set entries: set, state, id.
        const page = await pageOfKeys(this.#stub, entryType(kind), [group[1], group[0]], need, at);
        return { ...page, items: page.items.map((entry) => ({ id: lastAttribute(entry), onlyIn: group[0] })) };
    }

    /**
     * The serials of the units listed in one (state, set), unit after unit in key order, each in the
     * unit's order; the bookmark names the unit (by the ledger's bookmark that reads it) and how many
     * of its serials were listed.
     */
    async #unitsPage(kind: string, state: string, set: string, need: number, at: string): Promise<Page<string>> {
        let [unitBookmark, offset] = at ? decodeUnitPosition(at) : ['', 0];
        const ids: string[] = [];
        for (;;) {
            const units = await pageOfKeys(this.#stub, unitEntryType(kind), [set, state], 1, unitBookmark);
            const entry = units.items[0];
            if (!entry) {
                return { items: ids, bookmark: '', count: ids.length };
            }
            const serials = await this.#unitSerials(lastAttribute(entry));
            const taken = serials.slice(offset, offset + need - ids.length);
            ids.push(...taken);
            if (offset + taken.length < serials.length) {
                return { items: ids, bookmark: encodeUnitPosition(unitBookmark, offset + taken.length), count: ids.length };
            }
            if (!units.bookmark) {
                return { items: ids, bookmark: '', count: ids.length };
            }
            [unitBookmark, offset] = [units.bookmark, 0];
            if (ids.length >= need) {
                return { items: ids, bookmark: encodeUnitPosition(unitBookmark, 0), count: ids.length };
            }
        }
    }

    async #unitSerials(sscc: string): Promise<string[]> {
        const bytes = await this.#stub.getState(this.#stub.createCompositeKey('handlingUnit', [sscc]));
        if (!bytes || bytes.length === 0) {
            throw new Error(`the list index names handling unit ${sscc}, which does not exist`);
        }
        return (JSON.parse(Buffer.from(bytes).toString('utf8')) as { serials: string[] }).serials;
    }

    /** The (state, set) groups of a party's directory, in key order. */
    async #directory(kind: string, filter: string[]): Promise<(readonly [state: string, set: string])[]> {
        const groups: (readonly [state: string, set: string])[] = [];
        for await (const entry of this.#stub.getStateByPartialCompositeKey(directoryType(kind), filter)) {
            const attributes = this.#stub.splitCompositeKey(entry.key).attributes;
            groups.push([attributeAt(attributes, 1), attributeAt(attributes, 2)]);
        }
        return groups;
    }
}

/** A party set as one key attribute: MSP IDs are letters, digits, dots and dashes, so `+` joins them unambiguously. */
function setOf(parties: readonly string[]): string {
    return [...new Set(parties)].sort().join('+');
}

function entryType(kind: string): string {
    return `idxs~${kind}`;
}

function unitEntryType(kind: string): string {
    return `idxsu~${kind}`;
}

function directoryType(kind: string): string {
    return `idxd~${kind}`;
}

function encodeUnitPosition(unitBookmark: string, offset: number): string {
    return JSON.stringify([unitBookmark, offset]);
}

function decodeUnitPosition(text: string): [string, number] {
    try {
        const [unitBookmark, offset]: unknown[] = JSON.parse(text) as unknown[];
        if (typeof unitBookmark === 'string' && Number.isSafeInteger(offset) && (offset as number) >= 0) {
            return [unitBookmark, offset as number];
        }
    } catch {
        // reported below
    }
    throw new BadBookmarkError();
}

function sameGroup(a: readonly string[], b: readonly string[]): boolean {
    return a.length === b.length && a.every((part, i) => part === b[i]);
}

function encodeBookmark(bookmark: SetBookmark): string {
    return encodeTupleBookmark([bookmark.group, bookmark.at]);
}

function decodeBookmark(text: string): SetBookmark {
    const [group, at] = decodeTupleBookmark(text);
    if (Array.isArray(group) && group.every((part) => typeof part === 'string') && typeof at === 'string') {
        return { group, at };
    }
    throw new BadBookmarkError();
}
