import type { Endorser } from 'fabric-common';
import type { CommitError, CommitEvent, CommitListener, Network, TxEventHandler } from 'fabric-network';
import { LedgerError } from './ledger-error';
import { legacyCommitError } from './legacy-ledger-error';

export interface LegacyCommitWaitOptions {
    /** The submitter's organization: its peer's commit event decides the outcome and names the block. */
    mspId: string;
    /** Also wait, up to `catchUpMs` after the own peer committed, for every other peer of the channel. */
    waitForAllPeers: boolean;
    commitTimeoutMs: number;
    catchUpMs: number;
}

/**
 * fabric-network 2.2's commit wait, replaced so that a submit learns what the Gateway reports: the
 * block its transaction went into and, when invalid, the validation status. The submitter's own
 * peer decides, as with the Gateway; the other organizations' peers are waited for (up to a
 * deadline, an unreachable one not at all) so that the next request, often from another
 * organization, is endorsed on the state after this write.
 *
 * @example
 * let wait: LegacyCommitWait | undefined;
 * transaction.setEventHandler((txId, network) => (wait = new LegacyCommitWait(network, txId, options)));
 * await transaction.submit(...args);
 * wait!.blockNumber;
 */
export class LegacyCommitWait implements TxEventHandler {
    /** Set once the own peer committed the transaction as valid. */
    blockNumber?: number;
    readonly #own: Set<string>;
    readonly #others: Set<string>;
    readonly #ownCommit: Promise<number>;
    readonly #othersCommitted: Promise<void>;
    #settleOwn!: { resolve: (block: number) => void; reject: (error: LedgerError) => void };
    #othersDone!: () => void;
    #listener?: CommitListener;

    readonly #network: Network;
    readonly #txId: string;
    readonly #options: LegacyCommitWaitOptions;

    constructor(network: Network, txId: string, options: LegacyCommitWaitOptions) {
        this.#network = network;
        this.#txId = txId;
        this.#options = options;
        const peers = network.getChannel().getEndorsers();
        const own = peers.filter((peer) => peer.mspid === options.mspId);
        if (!own.length) {
            throw new LedgerError('ACCESS_DENIED', `no peer of ${options.mspId} is on channel ${network.getChannel().name} to report the commit`, txId);
        }
        this.#own = new Set(own.map((peer) => peer.name));
        this.#others = new Set(options.waitForAllPeers ? peers.filter((peer) => peer.mspid !== options.mspId).map((peer) => peer.name) : []);
        this.#ownCommit = new Promise((resolve, reject) => (this.#settleOwn = { resolve, reject }));
        this.#ownCommit.catch(() => undefined); // read in waitForEvents; a failure before then is not unhandled
        this.#othersCommitted = new Promise((resolve) => (this.#othersDone = resolve));
        if (!this.#others.size) {
            this.#othersDone();
        }
    }

    async startListening(): Promise<void> {
        const peers = this.#network
            .getChannel()
            .getEndorsers()
            .filter((peer) => this.#own.has(peer.name) || this.#others.has(peer.name));
        this.#listener = (error, event) => this.#heard(error, event);
        await this.#network.addCommitListener(this.#listener, peers, this.#txId);
    }

    async waitForEvents(): Promise<void> {
        let timer: NodeJS.Timeout | undefined;
        try {
            const timeout = new Promise<never>((_resolve, reject) => {
                timer = setTimeout(
                    () =>
                        reject(
                            new LedgerError(
                                'LEDGER_ERROR',
                                `${this.#options.mspId}'s peer reported no commit of transaction ${this.#txId} within ${this.#options.commitTimeoutMs} ms`,
                                this.#txId,
                            ),
                        ),
                    this.#options.commitTimeoutMs,
                );
            });
            this.blockNumber = await Promise.race([this.#ownCommit, timeout]);
            clearTimeout(timer);
            const catchUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#options.catchUpMs)));
            await Promise.race([this.#othersCommitted, catchUp]);
        } finally {
            clearTimeout(timer);
            this.cancelListening();
        }
    }

    cancelListening(): void {
        if (this.#listener) {
            this.#network.removeCommitListener(this.#listener);
            this.#listener = undefined;
        }
    }

    #heard(error: CommitError | undefined, event: CommitEvent | undefined): void {
        const peer: Endorser | undefined = event?.peer ?? error?.peer;
        if (!peer) {
            return;
        }
        if (this.#own.delete(peer.name)) {
            if (event) {
                const block = Number(event.getBlockEvent().blockNumber);
                if (event.isValid) {
                    this.#settleOwn.resolve(block);
                } else {
                    this.#settleOwn.reject(legacyCommitError(this.#txId, event.status, block));
                }
            } else if (!this.#own.size) {
                this.#settleOwn.reject(
                    new LedgerError('UNAVAILABLE', `no peer of ${this.#options.mspId} could report the commit of transaction ${this.#txId}: ${error?.message}`, this.#txId, {
                        cause: error,
                    }),
                );
            }
        } else if (this.#others.delete(peer.name) && !this.#others.size) {
            // An unreachable peer counts as done: it catches up from the orderer when it comes back.
            this.#othersDone();
        }
    }
}
