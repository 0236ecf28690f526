/**
 * A map that forgets its oldest entry beyond `capacity`: for values that are costly to derive and
 * safe to derive again, such as parsed keys and certificates.
 *
 * @example
 * const keys = new BoundedCache<string, KeyObject>(256);
 * const key = keys.getOrCreate(pem, () => createPrivateKey(pem));
 */
export class BoundedCache<K, V> {
    readonly #entries = new Map<K, V>();

    readonly #capacity: number;

    constructor(capacity: number) {
        this.#capacity = capacity;
    }

    getOrCreate(key: K, create: () => V): V {
        const cached = this.#entries.get(key);
        if (cached !== undefined) {
            return cached;
        }
        const value = create();
        if (this.#entries.size >= this.#capacity) {
            this.#entries.delete(this.#entries.keys().next().value as K);
        }
        this.#entries.set(key, value);
        return value;
    }
}
