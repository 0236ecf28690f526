import type { EmbeddedLedger, Identity } from '@coldtrace/embedded-ledger';
import { creatorName } from './creator-name';
import type { SourceLedger, SourceTransaction } from './source-ledger';

/**
 * An embedded ledger as a migration source: its block store and its chaincode, read as `reader`.
 *
 * @example
 * const source = newEmbeddedSource(ledger, await ledger.enroll('ManufacturerMSP', 'migration'));
 */
export function newEmbeddedSource(ledger: EmbeddedLedger, reader: Identity, onClose?: () => Promise<void>): SourceLedger {
    return new EmbeddedSource(ledger, reader, onClose);
}

export class EmbeddedSource implements SourceLedger {
    readonly #ledger: EmbeddedLedger;
    readonly #reader: Identity;
    readonly #onClose: () => Promise<void>;

    constructor(ledger: EmbeddedLedger, reader: Identity, onClose: () => Promise<void> = async () => {}) {
        this.#ledger = ledger;
        this.#reader = reader;
        this.#onClose = onClose;
    }

    async height(): Promise<number> {
        return this.#ledger.height;
    }

    async transactions(blockNumber: number): Promise<SourceTransaction[]> {
        const { block } = await this.#ledger.block(blockNumber);
        return block.data
            .filter((tx, i) => block.metadata.validationCodes[i] === 'VALID' && tx.readWriteSet.namespace === this.#ledger.chaincodeName)
            .map((tx) => ({
                txId: tx.txId,
                time: new Date(tx.timestamp.seconds * 1000 + Math.floor(tx.timestamp.nanos / 1e6)).toISOString(),
                msp: tx.creator.mspId,
                user: creatorName(tx.creator.certificate),
                writes: tx.readWriteSet.writes.map((write) => ({
                    key: write.key,
                    isDelete: write.isDelete,
                    value: write.value === undefined ? undefined : Buffer.from(write.value, 'base64'),
                })),
            }));
    }

    evaluate(fn: string, args: readonly string[]): Promise<Uint8Array> {
        return this.#ledger.evaluate(this.#reader, fn, [...args]);
    }

    close(): Promise<void> {
        return this.#onClose();
    }
}
