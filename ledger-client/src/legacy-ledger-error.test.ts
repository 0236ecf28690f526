import assert from 'node:assert/strict';
import { LedgerError } from './ledger-error';
import { legacyCommitError, legacyLedgerError } from './legacy-ledger-error';

/** A failed endorsement as fabric-network 2.2 throws it: one summary line, each peer's answer attached. */
function endorsementFailure(...messages: string[]): Error {
    const summary = ['No valid responses from any peers. Errors:', ...messages.map((m, i) => `peer=peer${i}, status=500, message=${m}`)].join('\n    ');
    return Object.assign(new Error(summary), { responses: messages.map((message) => ({ response: { status: 500, message } })), errors: [] });
}

describe('legacyLedgerError', () => {
    it("keeps the chaincode's code and reason from the endorsing peers' answers, not the summary's later lines", () => {
        const error = legacyLedgerError(endorsementFailure('FORBIDDEN: only the buyer may receive', 'FORBIDDEN: only the buyer may receive'), 'tx1');
        assert.equal(error.code, 'FORBIDDEN');
        assert.equal(error.message, 'FORBIDDEN: only the buyer may receive');
        assert.equal(error.txId, 'tx1');
    });

    it("reads an evaluate's refusal from fabric-network's peer error response", () => {
        const error = legacyLedgerError(Object.assign(new Error('peer error response: NOT_FOUND: product 42 does not exist'), { status: 500 }));
        assert.deepEqual([error.code, error.message], ['NOT_FOUND', 'NOT_FOUND: product 42 does not exist']);
    });

    it('calls unreachable peers UNAVAILABLE and a refused certificate ACCESS_DENIED', () => {
        const unreachable = Object.assign(new Error('No valid responses from any peers. Errors:'), {
            responses: [],
            errors: [new Error('Failed to connect before the deadline on Endorser- name: peer.RetailerMSP')],
        });
        assert.equal(legacyLedgerError(unreachable).code, 'UNAVAILABLE');
        assert.equal(legacyLedgerError(new Error('Query failed. Errors: ["Error: 14 UNAVAILABLE: No connection established"]')).code, 'UNAVAILABLE');
        assert.equal(legacyLedgerError(new Error('Failed to commit transaction %abc, orderer response status: SERVICE_UNAVAILABLE')).code, 'UNAVAILABLE');
        assert.equal(legacyLedgerError(endorsementFailure('access denied: channel [coldtrace] creator org [EvilMSP]')).code, 'ACCESS_DENIED');
    });

    it('passes a LedgerError through and calls anything else LEDGER_ERROR with its message', () => {
        const own = new LedgerError('CONFLICT_RETRY', 'lost the race');
        assert.equal(legacyLedgerError(own), own);
        const other = legacyLedgerError(new Error('Failed to commit transaction %abc, orderer response status: BAD_REQUEST'), 'abc');
        assert.deepEqual([other.code, other.txId], ['LEDGER_ERROR', 'abc']);
        assert.match(other.message, /orderer response status: BAD_REQUEST/);
    });
});

describe('legacyCommitError', () => {
    it('lets lost races be retried and names the status of any other invalid transaction', () => {
        assert.equal(legacyCommitError('tx1', 'MVCC_READ_CONFLICT', 7).code, 'CONFLICT_RETRY');
        assert.equal(legacyCommitError('tx1', 'PHANTOM_READ_CONFLICT', 7).code, 'CONFLICT_RETRY');
        const invalid = legacyCommitError('tx1', 'ENDORSEMENT_POLICY_FAILURE', 7);
        assert.deepEqual([invalid.code, invalid.message], ['LEDGER_ERROR', 'transaction tx1 failed to commit in block 7 with status ENDORSEMENT_POLICY_FAILURE']);
    });
});
