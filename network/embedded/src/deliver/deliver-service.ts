import type { Block } from '../blocks/block';
import { chaincodeEventsOf, type ChaincodeEventListener } from '../events/chaincode-event';
import type { ReadWriteLock } from '../util/rw-lock';

/** What the deliver service reads committed blocks through. */
export interface DeliverSource {
    /** Held for reading while replaying, so no block commits between the replay and the live feed. */
    lock: ReadWriteLock;
    /** Number of committed blocks, read when a subscription starts. */
    height(): number;
    block(number: number): Promise<Block>;
}

/** Where a subscription starts. */
export interface DeliverOptions {
    /** The first block whose events to deliver: a checkpoint kept by the client. Default: the next block to commit. */
    startBlock?: number;
}

/**
 * The peer's deliver service for chaincode events (Fabric's `core/peer/deliverevents`): a listener
 * first gets the events of blocks already committed from its checkpoint on, then those of every
 * block the committer publishes, each exactly once and in block order.
 *
 * @example
 * const deliver = new DeliverService({ lock, height: () => committer.height, block: async (n) => (await ledger.block(n)).block });
 * const stop = await deliver.subscribe((event) => console.log(event.blockNumber, event.eventName), { startBlock: 12 });
 * deliver.publish(block); // from the committer, after the block is durable
 */
export class DeliverService {
    readonly #source: DeliverSource;
    readonly #listeners = new Set<ChaincodeEventListener>();

    constructor(source: DeliverSource) {
        this.#source = source;
    }

    async subscribe(listener: ChaincodeEventListener, options: DeliverOptions = {}): Promise<() => void> {
        await this.#source.lock.read(async () => {
            const height = this.#source.height();
            for (let number = options.startBlock ?? height; number < height; number++) {
                const block = await this.#source.block(number);
                chaincodeEventsOf(number, block.data, block.metadata.validationCodes).forEach(listener);
            }
            this.#listeners.add(listener);
        });
        return () => this.#listeners.delete(listener);
    }

    /** Tells every listener about a committed block's events; called under the commit's write lock. */
    publish(block: Block): void {
        for (const event of chaincodeEventsOf(block.header.number, block.data, block.metadata.validationCodes)) {
            for (const listener of this.#listeners) {
                try {
                    listener(event);
                } catch (error) {
                    // A listener's bug must not fail a block that is already durable.
                    process.emitWarning(`chaincode event listener failed: ${(error as Error).message}`);
                }
            }
        }
    }
}
