import assert from 'node:assert/strict';
import { commissionedProduct, numberedSlice, parseNumberedSerial, rangeHolding } from './numbered-serial';

describe('numbered serials', () => {
    const commissioned = { state: 'manufactured', org: 'MakerMSP', user: 'ana', at: '2026-01-01T00:00:00.000Z', txId: 'tx1' };
    const firstRange = { first: 1, count: 3, commissioned };
    const batch = {
        batchId: 'B.1',
        gtin: '09506000134352',
        manufacturer: 'MakerMSP',
        numbered: [firstRange, { first: 6, count: 2, commissioned }],
    };

    it('finds the batch and number in the serial itself, and nothing in another form', () => {
        assert.deepEqual(parseNumberedSerial('B.1.17'), { batchId: 'B.1', number: 17 });
        for (const serial of ['SN-0001', 'B1.0', 'B1.01', '.5', 'B1.', 'B1.x']) {
            assert.equal(parseNumberedSerial(serial), undefined, serial);
        }
    });

    it('holds a number only inside a range', () => {
        assert.equal(rangeHolding(batch, 3)?.first, 1);
        assert.equal(rangeHolding(batch, 7)?.first, 6);
        assert.equal(rangeHolding(batch, 4), undefined);
        assert.equal(rangeHolding(batch, 8), undefined);
        assert.equal(rangeHolding({}, 1), undefined);
    });

    it('stands for the product commissioning wrote, and pages over the ranges', () => {
        const product = commissionedProduct(batch, firstRange, 'B.1.2');
        assert.deepEqual(
            [product.state, product.owner, product.custodian, product.parties, product.timeline, product.txId],
            ['manufactured', 'MakerMSP', 'MakerMSP', ['MakerMSP'], [commissioned], 'tx1'],
        );
        assert.deepEqual(numberedSlice(batch, 2, 2), ['B.1.3', 'B.1.6']);
        assert.deepEqual(numberedSlice(batch, 4, 10), ['B.1.7']);
        assert.deepEqual(numberedSlice(batch, 5, 10), []);
    });
});
