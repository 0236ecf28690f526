import { blockHash, makeEncodedBlock, type StoredBlock, storedBlockRecord, type ValidationCode } from '../blocks/block';
import type { BlockStore } from '../blocks/block-store';
import type { TransactionEnvelope } from '../client/transaction-envelope';
import { commitBlock } from '../commit/block-committer';
import { BlockValidator } from '../commit/block-validator';
import type { EndorsementPolicy } from '../commit/endorsement-policy';
import type { DeliverService } from '../deliver/deliver-service';
import { LedgerUnavailableError } from '../errors/ledger-errors';
import { crashHere } from '../recovery/failpoint';
import type { PrivateWrite } from '../simulation/read-write-set';
import type { Savepoint, StateDb } from '../state/state-db';
import type { ReadWriteLock } from '../util/rw-lock';

/** What the committer works with. */
export interface CommitterParts {
    state: StateDb;
    blocks: BlockStore;
    /** Held for writing while a block is applied, so no simulation sees half of it. */
    lock: ReadWriteLock;
    policy: EndorsementPolicy;
    deliver: DeliverService;
    /** Where recovery left the chain. */
    savepoint: Savepoint;
}

/** What became of one transaction of a block. */
export interface CommitOutcome {
    blockNumber: number;
    code: ValidationCode;
}

/**
 * The committing peer (Fabric's `core/committer`): validates a cut block, appends it to the block
 * file and syncs it, applies its valid writes to the state database, moves the savepoint and hands
 * the block to the deliver service. A failure after the block reached the file leaves the ledger
 * unusable until it is reopened, when recovery finishes the job.
 *
 * @example
 * const committer = new Committer({ state, blocks, lock, policy, deliver, savepoint });
 * const cutter = new BlockCutter((envelopes) => committer.commit(envelopes), 500);
 */
export class Committer {
    readonly #parts: CommitterParts;
    #savepoint: Savepoint;
    #failure?: Error;

    constructor(parts: CommitterParts) {
        this.#parts = parts;
        this.#savepoint = parts.savepoint;
    }

    /** Number of committed blocks. */
    get height(): number {
        return this.#savepoint.height;
    }

    /** Why the ledger stopped accepting blocks, if it did. */
    get failure(): Error | undefined {
        return this.#failure;
    }

    async commit(envelopes: readonly TransactionEnvelope[]): Promise<CommitOutcome[]> {
        if (this.#failure) {
            throw this.#failure;
        }
        const { state, blocks, lock, policy, deliver } = this.#parts;
        const committed = await lock.write(async () => {
            const number = this.#savepoint.height;
            const codes = await new BlockValidator(state, policy).validate(number, envelopes);
            const { block, dataBytes } = makeEncodedBlock(
                number,
                this.#savepoint.lastHash,
                envelopes.map((envelope) => envelope.transaction),
                codes,
            );
            const privateData: Record<number, PrivateWrite[]> = {};
            envelopes.forEach((envelope, i) => {
                if (codes[i] === 'VALID' && envelope.privateWrites.length > 0) {
                    privateData[i] = envelope.privateWrites;
                }
            });
            const stored: StoredBlock = { block, privateData };
            try {
                const location = blocks.append(stored, storedBlockRecord(stored, dataBytes));
                crashHere('after-block-append');
                await commitBlock(state, stored, location);
            } catch (error) {
                this.#failure = new LedgerUnavailableError(`committing block ${number} failed: ${(error as Error).message}; reopen the ledger to recover`);
                throw this.#failure;
            }
            this.#savepoint = { height: number + 1, lastHash: blockHash(block.header) };
            deliver.publish(block);
            return { number, codes };
        });
        return committed.codes.map((code) => ({ blockNumber: committed.number, code }));
    }
}
