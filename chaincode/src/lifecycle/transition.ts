import { ConflictError } from '../errors/chaincode-error';

/**
 * Rejects a step unless the record is in the state right before `target` in its lifecycle.
 *
 * @example
 * requireTransition(PRODUCT_STATES, product.state, 'sold', `product ${serial}`);
 * // CONFLICT: product 42 is received; it must be labeled before it can become sold
 */
export function requireTransition<S extends string>(states: readonly S[], current: S, target: S, label: string): void {
    const at = states.indexOf(target);
    const expected = states[at - 1];
    if (at <= 0 || current !== expected) {
        throw new ConflictError(`${label} is ${current}; it must be ${expected ?? 'new'} before it can become ${target}`);
    }
}
