import assert from 'node:assert/strict';
import type { ChaincodeStub } from 'fabric-shim-api';
import { PartySetIndex } from './party-set-index';

/** The few stub calls the index makes, over a sorted in-memory key space, as a peer's LevelDB keeps it. */
function memoryStub(): ChaincodeStub & { keys(): string[] } {
    const state = new Map<string, Uint8Array>();
    const composite = (type: string, attributes: string[]) => `\u0000${type}\u0000${attributes.map((a) => `${a}\u0000`).join('')}`;
    const under = (prefix: string, from = '') => [...state.keys()].filter((key) => key.startsWith(prefix) && key >= from).sort();
    const stub = {
        keys: () => [...state.keys()].sort(),
        createCompositeKey: composite,
        splitCompositeKey: (key: string) => {
            const [objectType, ...attributes] = key.slice(1, -1).split('\u0000');
            return { objectType, attributes };
        },
        getState: async (key: string) => state.get(key) ?? new Uint8Array(0),
        putState: async (key: string, value: Uint8Array) => void state.set(key, value),
        deleteState: async (key: string) => void state.delete(key),
        getStateByPartialCompositeKey: (type: string, attributes: string[]) =>
            (async function* () {
                for (const key of under(composite(type, attributes))) {
                    yield { key, value: state.get(key)! };
                }
            })(),
        getStateByPartialCompositeKeyWithPagination: async (type: string, attributes: string[], pageSize: number, bookmark: string) => {
            const keys = under(composite(type, attributes), bookmark);
            const page = keys.slice(0, pageSize);
            let at = 0;
            return {
                iterator: { next: async () => (at < page.length ? { done: false, value: { key: page[at++] } } : { done: true }), close: async () => undefined },
                metadata: { fetchedRecordsCount: page.length, bookmark: keys[pageSize] ?? '' },
            };
        },
    };
    return stub as unknown as ChaincodeStub & { keys(): string[] };
}

async function everything(index: PartySetIndex, party: string, state: string | undefined, pageSize: number): Promise<{ id: string; onlyIn?: string }[]> {
    const items = [];
    let bookmark = '';
    do {
        const page = await index.page('product', party, state, pageSize, bookmark);
        items.push(...page.items);
        bookmark = page.bookmark;
    } while (bookmark);
    return items;
}

describe('PartySetIndex', () => {
    it('moves one entry per step, whatever the number of parties, and writes each directory entry once a transaction', async () => {
        const stub = memoryStub();
        const index = new PartySetIndex(stub);
        const parties = ['RetailerMSP', 'CarrierMSP', 'ManufacturerMSP'];
        await index.move('product', 's1', undefined, { parties, state: 'received' });
        await index.move('product', 's2', undefined, { parties, state: 'received' });
        await index.move('product', 's1', { parties, state: 'received' }, { parties, state: 'stocked' });
        const entries = stub.keys().filter((key) => key.startsWith('\u0000idxs~product'));
        assert.deepEqual(entries, [
            '\u0000idxs~product\u0000CarrierMSP+ManufacturerMSP+RetailerMSP\u0000received\u0000s2\u0000',
            '\u0000idxs~product\u0000CarrierMSP+ManufacturerMSP+RetailerMSP\u0000stocked\u0000s1\u0000',
        ]);
        assert.equal(stub.keys().filter((key) => key.startsWith('\u0000idxd~product')).length, 8, '4 parties (with auditors) × 2 states');
    });

    it('pages a party through its sets and states, and reads entries of the per-party index before it, flagged with their state', async () => {
        const stub = memoryStub();
        // An entry the per-party index of an earlier version wrote: still the product's position.
        await stub.putState(stub.createCompositeKey('idx~product', ['RetailerMSP', 'received', 'old1']), Buffer.from([0]));
        const index = new PartySetIndex(stub);
        await index.move('product', 'a', undefined, { parties: ['ManufacturerMSP', 'RetailerMSP'], state: 'received' });
        await index.move('product', 'b', undefined, { parties: ['ManufacturerMSP', 'RetailerMSP', 'CarrierMSP'], state: 'received' });
        await index.move('product', 'c', undefined, { parties: ['ManufacturerMSP', 'Retailer2MSP'], state: 'received' });
        await index.move('product', 'd', undefined, { parties: ['RetailerMSP'], state: 'stocked' });
        for (const pageSize of [1, 2, 10]) {
            assert.deepEqual(
                await everything(index, 'RetailerMSP', 'received', pageSize),
                [
                    { id: 'old1', onlyIn: 'received' },
                    { id: 'b', onlyIn: 'received' },
                    { id: 'a', onlyIn: 'received' },
                ],
                `pages of ${pageSize}`,
            );
            assert.deepEqual(
                (await everything(index, 'RetailerMSP', undefined, pageSize)).map(({ id }) => id),
                ['old1', 'b', 'a', 'd'],
            );
            assert.deepEqual(
                (await everything(index, '*', undefined, pageSize)).map(({ id }) => id),
                ['b', 'c', 'a', 'd'],
            );
        }
    });

    it("lists a unit's serials in the state its products took together, after the set's own entries, across pages and units", async () => {
        const stub = memoryStub();
        const unit = (sscc: string, serials: string[]) => stub.putState(stub.createCompositeKey('handlingUnit', [sscc]), Buffer.from(JSON.stringify({ sscc, serials })));
        await unit('U1', ['u1.3', 'u1.1', 'u1.2']);
        await unit('U2', ['u2.1', 'u2.2']);
        const index = new PartySetIndex(stub);
        const parties = ['ManufacturerMSP', 'RetailerMSP'];
        await index.move('product', 'own', undefined, { parties, state: 'stocked' });
        for (const sscc of ['U2', 'U1']) {
            await index.moveUnit('product', sscc, undefined, { parties, state: 'stocked' });
        }
        // The first unit moves on: its entry leaves `stocked`.
        await index.moveUnit('product', 'U2', { parties, state: 'stocked' }, { parties, state: 'labeled' });
        for (const pageSize of [1, 2, 3, 10]) {
            assert.deepEqual(
                await everything(index, 'RetailerMSP', 'stocked', pageSize),
                ['own', 'u1.3', 'u1.1', 'u1.2'].map((id) => ({ id, onlyIn: 'stocked' })),
                `pages of ${pageSize}`,
            );
            assert.deepEqual(
                (await everything(index, 'RetailerMSP', undefined, pageSize)).map(({ id, onlyIn }) => `${id} ${onlyIn}`),
                ['u2.1 labeled', 'u2.2 labeled', 'own stocked', 'u1.3 stocked', 'u1.1 stocked', 'u1.2 stocked'],
                `pages of ${pageSize}`,
            );
        }
    });

    it('refuses a bookmark it did not hand out', async () => {
        const index = new PartySetIndex(memoryStub());
        await assert.rejects(index.page('product', 'RetailerMSP', undefined, 10, 'bm90IG91cnM'), /INVALID_ARGUMENT: the bookmark does not belong to this list/);
    });
});
