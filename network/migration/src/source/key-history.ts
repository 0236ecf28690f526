import type { SourceStep } from '@coldtrace/chaincode/model';
import type { SourceLedger, SourceTransaction } from './source-ledger';

/** One version of a key: the value a transaction wrote and that transaction. */
export interface KeyVersion {
    value: Uint8Array;
    tx: SourceTransaction;
}

/** A key as the source holds it at the snapshot: its value and every version since it was last created. */
export interface KeyState {
    key: string;
    versions: [KeyVersion, ...KeyVersion[]];
}

/**
 * The version a key holds at the snapshot: its newest.
 *
 * @example
 * const value = parseJson(latestVersion(state).value);
 */
export function latestVersion(state: KeyState): KeyVersion {
    return state.versions.at(-1) ?? state.versions[0];
}

/** The source's keys at a block height, each with its history, in key order. */
export type SourceSnapshot = Map<string, KeyState>;

/** Called after each block read, with the blocks read so far and the height. */
export type BlockProgress = (read: number, height: number) => void;

/**
 * Replays the source's blocks up to `height` into every live key's version history. A deleted key
 * drops out (the target never held it); a key created again starts a new history.
 *
 * @example
 * const snapshot = await readSnapshot(source, await source.height());
 */
export async function readSnapshot(source: SourceLedger, height: number, progress?: BlockProgress): Promise<SourceSnapshot> {
    const keys: SourceSnapshot = new Map();
    for (let n = 0; n < height; n++) {
        for (const tx of await source.transactions(n)) {
            for (const write of tx.writes) {
                if (write.isDelete || write.value === undefined) {
                    keys.delete(write.key);
                    continue;
                }
                const version = { value: write.value, tx };
                const state = keys.get(write.key);
                if (state) {
                    state.versions.push(version);
                } else {
                    keys.set(write.key, { key: write.key, versions: [version] });
                }
            }
        }
        progress?.(n + 1, height);
    }
    return new Map([...keys.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A source transaction as an imported record's provenance names it. */
export function sourceStep(tx: SourceTransaction): SourceStep {
    return { sourceTxId: tx.txId, sourceTime: tx.time, sourceMsp: tx.msp };
}
