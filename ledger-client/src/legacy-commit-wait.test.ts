import assert from 'node:assert/strict';
import type { CommitError, CommitEvent, CommitListener, Network } from 'fabric-network';
import { type LedgerError } from './ledger-error';
import { LegacyCommitWait, type LegacyCommitWaitOptions } from './legacy-commit-wait';

type Peer = { name: string; mspid: string };
const peers: [own: Peer, retailer: Peer, auditor: Peer] = [
    { name: 'peer.ManufacturerMSP', mspid: 'ManufacturerMSP' },
    { name: 'peer.RetailerMSP', mspid: 'RetailerMSP' },
    { name: 'peer.AuditorMSP', mspid: 'AuditorMSP' },
];

/** A channel of three peers whose commit listener the test drives by hand. */
function fakeNetwork() {
    const state = { listener: undefined as CommitListener | undefined, removed: false };
    const network = {
        getChannel: () => ({ name: 'coldtrace', getEndorsers: () => peers }),
        addCommitListener: async (listener: CommitListener) => ((state.listener = listener), listener),
        removeCommitListener: () => (state.removed = true),
    } as unknown as Network;
    const committed = (peer: Peer, status = 'VALID', block = 7) =>
        state.listener!(undefined, {
            peer,
            status,
            isValid: status === 'VALID',
            getBlockEvent: () => ({ blockNumber: { toString: () => String(block) } }),
        } as unknown as CommitEvent);
    const unreachable = (peer: Peer) => state.listener!(Object.assign(new Error('14 UNAVAILABLE'), { peer }) as unknown as CommitError, undefined);
    return { network, state, committed, unreachable };
}

const options = (overrides: Partial<LegacyCommitWaitOptions> = {}): LegacyCommitWaitOptions => ({
    mspId: 'ManufacturerMSP',
    waitForAllPeers: true,
    commitTimeoutMs: 1_000,
    catchUpMs: 1_000,
    ...overrides,
});
const settled = (promise: Promise<unknown>) =>
    Promise.race([
        promise.then(
            () => true,
            () => true,
        ),
        new Promise((resolve) => setImmediate(() => resolve(false))),
    ]);

describe('LegacyCommitWait', () => {
    it("names the block from the own peer's event and then waits for every other peer, an unreachable one counting as done", async () => {
        const { network, state, committed, unreachable } = fakeNetwork();
        const wait = new LegacyCommitWait(network, 'tx1', options());
        await wait.startListening();
        const done = wait.waitForEvents();
        committed(peers[0]);
        assert.equal(await settled(done), false, 'answered before the other peers committed');
        committed(peers[1]);
        unreachable(peers[2]);
        await done;
        assert.equal(wait.blockNumber, 7);
        assert.equal(state.removed, true);
    });

    it("refuses an invalid transaction with the own peer's status: a lost race may be retried", async () => {
        const { network, committed } = fakeNetwork();
        const wait = new LegacyCommitWait(network, 'tx1', options());
        await wait.startListening();
        committed(peers[1]); // another peer's verdict does not decide
        committed(peers[0], 'MVCC_READ_CONFLICT', 9);
        await assert.rejects(wait.waitForEvents(), (error: LedgerError) => error.code === 'CONFLICT_RETRY' && /block 9 with status MVCC_READ_CONFLICT/.test(error.message));
    });

    it('answers without the other peers on a member node, and after the catch-up deadline otherwise', async () => {
        const own = fakeNetwork();
        const alone = new LegacyCommitWait(own.network, 'tx1', options({ waitForAllPeers: false }));
        await alone.startListening();
        own.committed(peers[0], 'VALID', 3);
        await alone.waitForEvents();
        assert.equal(alone.blockNumber, 3);

        const slow = fakeNetwork();
        const patient = new LegacyCommitWait(slow.network, 'tx2', options({ catchUpMs: 20 }));
        await patient.startListening();
        slow.committed(peers[0]);
        await patient.waitForEvents(); // RetailerMSP and AuditorMSP never report
        assert.equal(patient.blockNumber, 7);
    });

    it('fails UNAVAILABLE when the own peer cannot report, and LEDGER_ERROR when it says nothing in time', async () => {
        const down = fakeNetwork();
        const unreachable = new LegacyCommitWait(down.network, 'tx1', options());
        await unreachable.startListening();
        down.unreachable(peers[0]);
        await assert.rejects(unreachable.waitForEvents(), (error: LedgerError) => error.code === 'UNAVAILABLE');

        const quiet = fakeNetwork();
        const silent = new LegacyCommitWait(quiet.network, 'tx2', options({ commitTimeoutMs: 20 }));
        await silent.startListening();
        await assert.rejects(
            silent.waitForEvents(),
            (error: LedgerError) => error.code === 'LEDGER_ERROR' && /reported no commit of transaction tx2 within 20 ms/.test(error.message),
        );
    });
});
