import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '@coldtrace/chaincode/sha256';
import { z } from 'zod';
import { MachineClientView, scopeProblem, USER_ROLES, type UserRole } from '../contract';
import { narrowToOwner } from '@coldtrace/telemetry';
import { UserDirectoryError } from './user-directory-error';
import { WatchedJsonFile } from './watched-json-file';

const StoredClient = MachineClientView.extend({ secretHash: z.string().regex(/^[0-9a-f]{64}$/) });
type StoredClient = z.infer<typeof StoredClient>;
const StoredClients = z.object({ clients: z.array(StoredClient) });
type StoredClients = z.infer<typeof StoredClients>;

/**
 * The ledger user a machine client acts as: the identity issuer gives it its own certificate, which
 * its removal revokes. `@` keeps it apart from local users (whose names have none).
 *
 * @example
 * clientUsername('mc-0123…'); // 'client@mc-0123…'
 */
export function clientUsername(clientId: string): string {
    return `client@${clientId}`;
}

/**
 * OAuth 2.0 machine clients (client credentials grant), kept in one 0600 JSON file: organization,
 * role, scopes and the SHA-256 of the secret, never the secret (32 random bytes: a slow hash would
 * add nothing). `npm run admin -- client add` writes it while the server runs; the server sees the
 * change on its next look-up, so a removed client's tokens stop working at once.
 *
 * @example
 * const clients = MachineClientRegistry.open('data/clients.json');
 * const { clientId, clientSecret } = clients.add({ org: 'RetailerMSP', role: 'retailer', scopes: ['product:stock', 'shipment:receive'] });
 * clients.authenticate(clientId, clientSecret)?.scopes; // ['product:stock', 'shipment:receive']
 */
export class MachineClientRegistry {
    readonly #file: WatchedJsonFile<StoredClients>;

    private constructor(file: WatchedJsonFile<StoredClients>) {
        this.#file = file;
    }

    static open(path: string): MachineClientRegistry {
        narrowToOwner(path);
        const file = new WatchedJsonFile(path, StoredClients, 'machine client list', { clients: [] });
        file.read();
        return new MachineClientRegistry(file);
    }

    list(): MachineClientView[] {
        return this.#clients().map(view);
    }

    find(clientId: string): MachineClientView | undefined {
        const client = this.#clients().find((c) => c.clientId === clientId);
        return client && view(client);
    }

    /** Registers a client; the secret is in the answer only, this once. */
    add(input: { org: string; role: UserRole; scopes: readonly string[]; label?: string }): MachineClientView & { clientSecret: string } {
        if (!USER_ROLES.includes(input.role)) {
            throw new UserDirectoryError(`role must be one of ${USER_ROLES.join(', ')}`);
        }
        if (input.scopes.length === 0) {
            throw new UserDirectoryError('a machine client needs at least one --scope (e.g. product:stock, shipment:*, read)');
        }
        const problems = input.scopes.map((scope) => scopeProblem(input.role, scope)).filter(Boolean);
        if (problems.length) {
            throw new UserDirectoryError(problems.join('; '));
        }
        const clientSecret = randomBytes(32).toString('base64url');
        const client = StoredClient.parse({
            clientId: `mc-${randomBytes(16).toString('hex')}`,
            org: input.org,
            role: input.role,
            scopes: [...new Set(input.scopes)],
            ...(input.label ? { label: input.label } : {}),
            createdAt: new Date().toISOString(),
            secretHash: hashSecret(clientSecret),
        });
        this.#save([...this.#clients(), client]);
        return { ...view(client), clientSecret };
    }

    remove(clientId: string): MachineClientView {
        const client = this.find(clientId);
        if (!client) {
            throw new UserDirectoryError(`no machine client ${clientId}`);
        }
        this.#save(this.#clients().filter((c) => c.clientId !== clientId));
        return client;
    }

    /** The client when the secret is right; undefined otherwise, in the same time whether the id exists or not. */
    authenticate(clientId: string, clientSecret: string): MachineClientView | undefined {
        const client = this.#clients().find((c) => c.clientId === clientId);
        const given = Buffer.from(hashSecret(clientSecret), 'hex');
        const expected = Buffer.from(client?.secretHash ?? hashSecret(''), 'hex');
        return timingSafeEqual(given, expected) && client ? view(client) : undefined;
    }

    #clients(): StoredClient[] {
        return this.#file.read().clients;
    }

    #save(clients: StoredClient[]): void {
        this.#file.write({ clients });
    }
}

function hashSecret(secret: string): string {
    return sha256Hex(secret);
}

function view({ secretHash: _hash, ...client }: StoredClient): MachineClientView {
    return client;
}
