import assert from 'node:assert/strict';
import { LedgerError } from './ledger-error';

describe('LedgerError.fromChaincodeMessage', () => {
    it('keeps the chaincode code and reason', () => {
        const error = LedgerError.fromChaincodeMessage('FORBIDDEN: only RetailerMSP may sell products; caller is CarrierMSP', 'tx1');
        assert.equal(error.code, 'FORBIDDEN');
        assert.equal(error.message, 'FORBIDDEN: only RetailerMSP may sell products; caller is CarrierMSP');
        assert.equal(error.txId, 'tx1');
    });

    it('finds the code inside a peer-wrapped message', () => {
        const error = LedgerError.fromChaincodeMessage('chaincode response 500, NOT_FOUND: product 42 does not exist');
        assert.equal(error.code, 'NOT_FOUND');
        assert.equal(error.message, 'NOT_FOUND: product 42 does not exist');
    });

    it('marks messages without a code as LEDGER_ERROR', () => {
        assert.equal(LedgerError.fromChaincodeMessage('Expected 2 parameters, but 1 have been supplied').code, 'LEDGER_ERROR');
    });
});
