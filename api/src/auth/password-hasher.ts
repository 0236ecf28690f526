import bcrypt from 'bcryptjs';

/** bcrypt's work factor: about 100 ms a check on this project's reference machine, slow enough to hurt guessing. */
const COST = 11;

/**
 * Hashes and checks passwords with bcrypt; only hashes are ever stored.
 *
 * @example
 * const hash = await hashPassword('coldtrace-demo');
 * await checkPassword('coldtrace-demo', hash); // true
 */
export function hashPassword(password: string): Promise<string> {
    return bcrypt.hash(password, COST);
}

export function checkPassword(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(password, hash);
}
