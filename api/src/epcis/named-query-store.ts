import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ensurePrivateDirectory, narrowToOwner, writePrivateFile } from '@coldtrace/telemetry';
import { EpcisNoSuchNameError, EpcisProblemError } from './epcis-problem';
import { EpcisQuery } from './epcis-query-parameters';

/** Named queries and subscriptions belong to the user who made them, and are seen by that user's organization. */
export interface QueryOwner {
    username: string;
    org: string;
}

/** A query name as it appears in a URL path segment. */
export const QueryName = z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, ".", "_" or "-"');

/** `POST /epcis/queries`: the binding's query definition. */
export const NamedQueryBody = z.strictObject({ name: QueryName, query: z.record(z.string(), z.unknown()) });

/**
 * `POST /epcis/queries/{name}/subscriptions`: a webhook (`dest`) with the secret it verifies
 * signatures by (`signatureToken`, the binding's name; `secret` is accepted too), streaming every new
 * matching event. Scheduled subscriptions are not offered.
 */
export const SubscriptionBody = z
    .strictObject({
        dest: z.string().min(1).max(2048),
        signatureToken: z.string().min(16, 'must be at least 16 characters').max(256).optional(),
        secret: z.string().min(16, 'must be at least 16 characters').max(256).optional(),
        stream: z.literal(true, { message: 'must be true: coldtrace delivers each new matching event (scheduled subscriptions are not offered)' }),
    })
    .refine((body) => body.signatureToken ?? body.secret, { message: 'give signatureToken, the secret coldtrace signs deliveries with', path: ['signatureToken'] });

const StoredQuery = z.object({ name: z.string(), query: z.record(z.string(), z.unknown()), owner: z.object({ username: z.string(), org: z.string() }), createdAt: z.string() });
export type StoredQuery = z.infer<typeof StoredQuery>;

const StoredSubscription = z.object({
    subscriptionID: z.string(),
    queryName: z.string(),
    dest: z.string(),
    secret: z.string(),
    owner: z.object({ username: z.string(), org: z.string() }),
    createdAt: z.string(),
    lastNotifiedAt: z.string().optional(),
    /** The latest eventIDs delivered, so an event mapped again (a later step of the same record) is not sent twice. */
    delivered: z.array(z.string()),
});
export type StoredSubscription = z.infer<typeof StoredSubscription>;

const StoreFile = z.object({ version: z.literal(1), queries: z.array(StoredQuery), subscriptions: z.array(StoredSubscription) });

/** How many delivered eventIDs a subscription remembers. */
const DELIVERED_MEMORY = 5000;

/**
 * The node's named EPCIS queries and their subscriptions, kept in `<data>/epcis/queries.json`
 * (owner-only: it holds the subscribers' secrets). A query's name is unique on the node; another
 * organization neither sees nor deletes it (404, as if it did not exist).
 *
 * @example
 * const store = NamedQueryStore.open(dataDir);
 * store.create({ name: 'shipped', query: { EQ_bizStep: ['shipping'] } }, owner, now);
 */
export class NamedQueryStore {
    readonly #path: string;
    readonly #queries: Map<string, StoredQuery>;
    readonly #subscriptions: Map<string, StoredSubscription>;

    private constructor(path: string, queries: Map<string, StoredQuery>, subscriptions: Map<string, StoredSubscription>) {
        this.#path = path;
        this.#queries = queries;
        this.#subscriptions = subscriptions;
    }

    static open(dataDir: string): NamedQueryStore {
        const dir = join(dataDir, 'epcis');
        const path = join(dir, 'queries.json');
        ensurePrivateDirectory(dir);
        if (!existsSync(path)) {
            return new NamedQueryStore(path, new Map(), new Map());
        }
        narrowToOwner(path);
        let file: z.infer<typeof StoreFile>;
        try {
            file = StoreFile.parse(JSON.parse(readFileSync(path, 'utf8')));
        } catch (error) {
            throw new Error(`cannot read the named EPCIS queries in ${path}: ${(error as Error).message}`, { cause: error });
        }
        return new NamedQueryStore(path, new Map(file.queries.map((q) => [q.name, q])), new Map(file.subscriptions.map((s) => [s.subscriptionID, s])));
    }

    /** Stores a query after checking its parameters; 409 when the name is taken (by anyone). */
    create(body: z.output<typeof NamedQueryBody>, owner: QueryOwner, at: string): StoredQuery {
        const parsed = EpcisQuery.safeParse(body.query);
        if (!parsed.success) {
            throw new EpcisProblemError(400, 'QueryParameterException', parsed.error.issues.map((i) => `query.${i.path.join('.')}: ${i.message}`).join('; '));
        }
        if (this.#queries.has(body.name)) {
            throw new EpcisProblemError(409, 'ResourceAlreadyExistsException', `a query named ${body.name} exists; choose another name`);
        }
        const stored: StoredQuery = { name: body.name, query: body.query, owner, createdAt: at };
        this.#queries.set(body.name, stored);
        this.#save();
        return stored;
    }

    /** The named queries the owner's organization made. */
    list(org: string): StoredQuery[] {
        return [...this.#queries.values()].filter((query) => query.owner.org === org);
    }

    get(name: string, org: string): StoredQuery {
        const query = this.#queries.get(name);
        if (!query || query.owner.org !== org) {
            throw new EpcisNoSuchNameError(`no query named ${name}; GET /epcis/queries lists your organization's`);
        }
        return query;
    }

    /** Deletes a query and its subscriptions. */
    delete(name: string, org: string): void {
        this.get(name, org);
        this.#queries.delete(name);
        for (const subscription of this.subscriptionsOf(name)) {
            this.#subscriptions.delete(subscription.subscriptionID);
        }
        this.#save();
    }

    subscribe(name: string, owner: QueryOwner, dest: string, secret: string, at: string): StoredSubscription {
        this.get(name, owner.org);
        const subscription: StoredSubscription = { subscriptionID: randomUUID(), queryName: name, dest, secret, owner, createdAt: at, delivered: [] };
        this.#subscriptions.set(subscription.subscriptionID, subscription);
        this.#save();
        return subscription;
    }

    subscriptionsOf(name: string): StoredSubscription[] {
        return [...this.#subscriptions.values()].filter((s) => s.queryName === name);
    }

    unsubscribe(name: string, subscriptionID: string, org: string): void {
        this.get(name, org);
        const subscription = this.#subscriptions.get(subscriptionID);
        if (!subscription || subscription.queryName !== name) {
            throw new EpcisNoSuchNameError(`query ${name} has no subscription ${subscriptionID}`);
        }
        this.#subscriptions.delete(subscriptionID);
        this.#save();
    }

    /** Every subscription with its query, for delivery. */
    active(): { subscription: StoredSubscription; query: StoredQuery }[] {
        return [...this.#subscriptions.values()].flatMap((subscription) => {
            const query = this.#queries.get(subscription.queryName);
            return query ? [{ subscription, query }] : [];
        });
    }

    /** Remembers what a subscription received, and when. */
    recordDelivery(subscriptionID: string, eventIDs: readonly string[], at: string): void {
        const subscription = this.#subscriptions.get(subscriptionID);
        if (subscription) {
            subscription.delivered = [...subscription.delivered, ...eventIDs].slice(-DELIVERED_MEMORY);
            subscription.lastNotifiedAt = at;
            this.#save();
        }
    }

    #save(): void {
        writePrivateFile(this.#path, `${JSON.stringify({ version: 1, queries: [...this.#queries.values()], subscriptions: [...this.#subscriptions.values()] }, null, 2)}\n`);
    }
}
