import type { TransactionOptions } from './ledger';

/**
 * A call's private inputs as the bytes both Fabric clients send in a proposal's transient map.
 *
 * @example
 * transientMap({ transient: { terms: '{"unitPrice":3}' } }); // { terms: <Buffer 7b 22 …> }
 */
export function transientMap(options: TransactionOptions): Record<string, Buffer> | undefined {
    if (!options.transient) {
        return undefined;
    }
    return Object.fromEntries(Object.entries(options.transient).map(([key, value]) => [key, Buffer.from(value)]));
}
