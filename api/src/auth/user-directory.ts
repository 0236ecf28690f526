import { z } from 'zod';
import { defaultOrganization, USER_ROLES, Username, type UserRole, type UserView } from '../contract';
import { narrowToOwner } from '@coldtrace/telemetry';
import { checkPassword, hashPassword } from './password-hasher';
import { UserDirectoryError } from './user-directory-error';
import { WatchedJsonFile } from './watched-json-file';

/** Which organization a user of each role acts for when added without one: the first configured organization holding the role. */
export const ROLE_ORGS: Readonly<Record<UserRole, string>> = Object.fromEntries(USER_ROLES.map((role) => [role, defaultOrganization(role)])) as Record<UserRole, string>;

const StoredUser = z.object({
    username: Username,
    role: z.enum(USER_ROLES),
    org: z.string().min(1),
    passwordHash: z.string().min(1),
    demo: z.boolean().optional(),
    admin: z.literal(true).optional(),
    createdAt: z.string(),
});
type StoredUser = z.infer<typeof StoredUser>;
const StoredUsers = z.object({ users: z.array(StoredUser) });
type StoredUsers = z.infer<typeof StoredUsers>;

/** Password check that costs as much for an unknown user as for a known one, so timing does not tell which names exist. */
const DUMMY_HASH = '$2b$11$8Ef.B0JLKpoYjyrxy64bH.I4TOCGjNFxybtZaW0Y/idjYt8lOwhQG';

/**
 * The people who may sign in, kept in one JSON file (0600) with bcrypt hashes. Writes go to a
 * temporary file renamed over the old one, so a crash never leaves a half-written directory; a
 * change made by `npm run admin` while the server runs is picked up on the next look-up.
 *
 * @example
 * const users = UserDirectory.open('data/users.json');
 * await users.add({ username: 'alice', role: 'retailer', password: 's3cret-pass' });
 * const alice = await users.authenticate('alice', 's3cret-pass');
 */
export class UserDirectory {
    readonly #file: WatchedJsonFile<StoredUsers>;

    private constructor(file: WatchedJsonFile<StoredUsers>) {
        this.#file = file;
    }

    static open(path: string): UserDirectory {
        // A directory restored from a backup or written by hand may have come back world-readable.
        narrowToOwner(path);
        const file = new WatchedJsonFile(path, StoredUsers, 'user directory', { users: [] });
        file.read();
        return new UserDirectory(file);
    }

    get #users(): StoredUser[] {
        return this.#file.read().users;
    }

    list(): (UserView & { demo: boolean; createdAt: string })[] {
        return this.#users.map((user) => ({ ...view(user), demo: user.demo ?? false, createdAt: user.createdAt }));
    }

    find(username: string): UserView | undefined {
        const user = this.#users.find((u) => u.username === username);
        return user && view(user);
    }

    /**
     * The users flagged as demo users, and those who sign in with any of `passwords` (one bcrypt check
     * per user and password): production refuses both.
     */
    async usersWithPassword(passwords: readonly string[]): Promise<string[]> {
        const found: string[] = [];
        for (const user of this.#users) {
            let matches = user.demo === true;
            for (const password of passwords) {
                matches ||= await checkPassword(password, user.passwordHash);
            }
            if (matches) {
                found.push(user.username);
            }
        }
        return found;
    }

    async add(input: { username: string; role: UserRole; password: string; org?: string; demo?: boolean; admin?: boolean }): Promise<UserView> {
        const username = Username.parse(input.username);
        if (!USER_ROLES.includes(input.role)) {
            throw new UserDirectoryError(`role must be one of ${USER_ROLES.join(', ')}`);
        }
        if (input.password.length < 10) {
            throw new UserDirectoryError('the password must have at least 10 characters');
        }
        if (this.#users.some((u) => u.username === username)) {
            throw new UserDirectoryError(`user ${username} already exists`);
        }
        const user: StoredUser = {
            username,
            role: input.role,
            org: input.org ?? ROLE_ORGS[input.role],
            passwordHash: await hashPassword(input.password),
            demo: input.demo || undefined,
            admin: input.admin || undefined,
            createdAt: new Date().toISOString(),
        };
        this.#save([...this.#users, user]);
        return view(user);
    }

    remove(username: string): void {
        if (!this.#users.some((u) => u.username === username)) {
            throw new UserDirectoryError(`no user ${username}`);
        }
        this.#save(this.#users.filter((u) => u.username !== username));
    }

    async setPassword(username: string, password: string): Promise<void> {
        const user = this.#users.find((u) => u.username === username);
        if (!user) {
            throw new UserDirectoryError(`no user ${username}`);
        }
        if (password.length < 10) {
            throw new UserDirectoryError('the password must have at least 10 characters');
        }
        const passwordHash = await hashPassword(password);
        this.#save(this.#users.map((u) => (u.username === username ? { ...u, passwordHash, demo: undefined } : u)));
    }

    /** The user when the password is right; undefined otherwise, after the same work either way. */
    async authenticate(username: string, password: string): Promise<UserView | undefined> {
        const user = this.#users.find((u) => u.username === username);
        const ok = await checkPassword(password, user?.passwordHash ?? DUMMY_HASH);
        return ok && user ? view(user) : undefined;
    }

    #save(users: StoredUser[]): void {
        this.#file.write({ users });
    }
}

/** What the API shows of a user: `admin` only for administrators, so other users' views stay as they were. */
function view(user: StoredUser): UserView {
    return { username: user.username, role: user.role, org: user.org, ...(user.admin ? { admin: true as const } : {}) };
}
