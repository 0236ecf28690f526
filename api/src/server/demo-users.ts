import { defaultOrganization, USER_ROLES, type UserRole } from '../contract';
import type { UserDirectory } from '../auth';

/** The published password of the demo users: never valid in production. */
export const DEMO_PASSWORD = 'coldtrace-demo';

/**
 * Passwords anyone can read in this repository — the demo users' and the one the docs' examples
 * use — so production refuses to start while any account signs in with one of them.
 */
export const PUBLISHED_PASSWORDS: readonly string[] = [DEMO_PASSWORD, 'a long password'];

/**
 * The demo world's second retailer and carrier (Northside Pharmacy, Fjord Freight), and one
 * consortium administrator per founding organization (`<role>-admin`, certificate attribute
 * coldtrace.admin=true), who propose and approve members.
 */
export const EXTRA_DEMO_USERS: readonly { username: string; role: UserRole; org: string; admin?: boolean }[] = [
    { username: 'retailer2', role: 'retailer', org: 'Retailer2MSP' },
    { username: 'carrier2', role: 'carrier', org: 'Carrier2MSP' },
    ...USER_ROLES.map((role) => ({ username: `${role}-admin`, role, org: defaultOrganization(role), admin: true })),
];

/**
 * Adds one demo user per role (named after it) to an empty directory, then the second retailer's and
 * carrier's users and the administrators; answers the names added.
 */
export async function seedDemoUsers(users: UserDirectory): Promise<string[]> {
    if (users.list().length > 0) {
        return [];
    }
    for (const role of USER_ROLES) {
        await users.add({ username: role, role, password: DEMO_PASSWORD, demo: true });
    }
    for (const user of EXTRA_DEMO_USERS) {
        await users.add({ ...user, password: DEMO_PASSWORD, demo: true });
    }
    return [...USER_ROLES, ...EXTRA_DEMO_USERS.map((user) => user.username)];
}
