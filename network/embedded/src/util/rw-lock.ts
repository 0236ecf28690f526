/**
 * A writer-preferring read/write lock: endorsements simulate under the read lock, a block commits
 * under the write lock, as a Fabric peer's transaction manager does, so a simulation never sees a
 * half-applied block. Waiting writers go first so a stream of endorsements cannot starve commits.
 *
 * @example
 * const result = await lock.read(() => simulate());
 */
export class ReadWriteLock {
    #readers = 0;
    #writing = false;
    readonly #waitingWriters: (() => void)[] = [];
    readonly #waitingReaders: (() => void)[] = [];

    /** Runs `work` once no writer holds or waits for the lock; readers run together. */
    async read<T>(work: () => Promise<T>): Promise<T> {
        await this.#acquireRead();
        try {
            return await work();
        } finally {
            this.#readers -= 1;
            this.#wake();
        }
    }

    /** Runs `work` alone, once every reader that came before it is done. */
    async write<T>(work: () => Promise<T>): Promise<T> {
        await this.#acquireWrite();
        try {
            return await work();
        } finally {
            this.#writing = false;
            this.#wake();
        }
    }

    #acquireRead(): Promise<void> {
        if (!this.#writing && this.#waitingWriters.length === 0) {
            this.#readers += 1;
            return Promise.resolve();
        }
        return new Promise((resolve) =>
            this.#waitingReaders.push(() => {
                this.#readers += 1;
                resolve();
            }),
        );
    }

    #acquireWrite(): Promise<void> {
        if (!this.#writing && this.#readers === 0) {
            this.#writing = true;
            return Promise.resolve();
        }
        return new Promise((resolve) =>
            this.#waitingWriters.push(() => {
                this.#writing = true;
                resolve();
            }),
        );
    }

    #wake(): void {
        if (this.#writing) {
            return;
        }
        if (this.#waitingWriters.length > 0) {
            if (this.#readers === 0) {
                this.#waitingWriters.shift()!();
            }
            return;
        }
        while (this.#waitingReaders.length > 0) {
            this.#waitingReaders.shift()!();
        }
    }
}
