import { USER_ROLES } from '../contract';
import type { UserDirectory } from '../auth';

/** The published password of the demo users: never valid in production. */
export const DEMO_PASSWORD = 'coldtrace-demo';

/**
 * Passwords anyone can read in this repository — the demo users' and the one the docs' examples
 * use — so production refuses to start while any account signs in with one of them.
 */
export const PUBLISHED_PASSWORDS: readonly string[] = [DEMO_PASSWORD, 'a long password'];

/** Adds one demo user per role (named after it) to an empty directory; answers the names added. */
export async function seedDemoUsers(users: UserDirectory): Promise<string[]> {
    if (users.list().length > 0) {
        return [];
    }
    for (const role of USER_ROLES) {
        await users.add({ username: role, role, password: DEMO_PASSWORD, demo: true });
    }
    return [...USER_ROLES];
}
