import type { ChaincodeStub } from 'fabric-shim-api';
import { BadBookmarkError } from '../errors/bad-bookmark-error';
import type { NumberedRange } from '../model/batch';
import type { Page } from '../model/common';
import { numberedSerial } from '../model/numbered-serial';
import { EVERYONE } from './index-position';
import { attributeAt } from './paged-keys';
import { decodeTupleBookmark, encodeTupleBookmark } from './tuple-bookmark';
import type { IndexedId } from './party-set-index';

/** Serials whose product key a list page checks at most, so a page over long-shipped ranges stays cheap. */
const CHECKED_PER_PAGE = 2000;
/** Bookmarks of this list part; the set index's are base64url, which has no colon. */
const PREFIX = 'numbered:';

/**
 * The product lists' entries for numbered serials before their first step: one key per range and
 * party (its manufacturer, and EVERYONE for auditors), (party, batchId, first) with the range's size,
 * in state `manufactured`. A page expands ranges into serials and leaves out those whose product
 * record was written since: their own index entry lists them in their state now.
 *
 * @example
 * await ranges.add('MakerMSP', 'B1', range);
 * const page = await ranges.page('MakerMSP', 100, '');
 */
export class NumberedList {
    readonly #stub: ChaincodeStub;

    constructor(stub: ChaincodeStub) {
        this.#stub = stub;
    }

    async add(manufacturer: string, batchId: string, range: NumberedRange): Promise<void> {
        for (const party of [manufacturer, EVERYONE].sort()) {
            await this.#stub.putState(this.#stub.createCompositeKey(TYPE, [party, batchId, padded(range.first)]), Buffer.from(String(range.count)));
        }
    }

    /** The bookmark of this part's first page, for a list that reached it on a full page. */
    static readonly start = encode('', 0);

    /** Whether a bookmark belongs to this part of a list. */
    static owns(bookmark: string): boolean {
        return bookmark.startsWith(PREFIX);
    }

    /** One page of unwritten numbered serials a party sees; `bookmark` '' starts at the first range. */
    async page(party: string, pageSize: number, bookmark: string): Promise<Page<IndexedId>> {
        let [at, offset] = bookmark ? decode(bookmark) : ['', 0];
        const items: IndexedId[] = [];
        let checked = 0;
        for (;;) {
            const { iterator, metadata } = await this.#stub.getStateByPartialCompositeKeyWithPagination(TYPE, [party], 1, at);
            const next = await iterator.next();
            await iterator.close();
            if (next.done || !next.value) {
                return { items, bookmark: '', count: items.length };
            }
            const attributes = this.#stub.splitCompositeKey(next.value.key).attributes;
            const [batchId, first] = [attributeAt(attributes, 1), attributeAt(attributes, 2)];
            const count = Number(Buffer.from(next.value.value).toString('utf8'));
            for (; offset < count; offset++) {
                if (items.length >= pageSize || checked >= CHECKED_PER_PAGE) {
                    return { items, bookmark: encode(next.value.key, offset), count: items.length };
                }
                const serial = numberedSerial(batchId, Number(first) + offset);
                checked++;
                const written = await this.#stub.getState(this.#stub.createCompositeKey('product', [serial]));
                if (!written || written.length === 0) {
                    items.push({ id: serial });
                }
            }
            at = metadata?.bookmark ?? '';
            offset = 0;
            if (!at) {
                return { items, bookmark: '', count: items.length };
            }
        }
    }
}

const TYPE = 'idxn~product';

/** Numbers in keys sort as numbers: 1,000,000 serials a batch at most. */
function padded(n: number): string {
    return String(n).padStart(10, '0');
}

function encode(key: string, offset: number): string {
    return `${PREFIX}${encodeTupleBookmark([key, offset])}`;
}

function decode(bookmark: string): [string, number] {
    const [key, offset] = decodeTupleBookmark(bookmark.slice(PREFIX.length));
    if (typeof key === 'string' && Number.isInteger(offset) && (offset as number) >= 0) {
        return [key, offset as number];
    }
    throw new BadBookmarkError();
}
