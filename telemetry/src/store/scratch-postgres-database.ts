import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where tests find a PostgreSQL server they may create databases on (`npm run test:postgres` sets it). */
export const TEST_DATABASE_URL_VARIABLE = 'COLDTRACE_TEST_TELEMETRY_DATABASE_URL';

/**
 * A database of its own on a test server, for one test or fixture, dropped when done, so suites
 * that assume an empty store get one on a shared server.
 *
 * @example
 * const scratch = await ScratchPostgresDatabase.create(process.env.COLDTRACE_TEST_TELEMETRY_DATABASE_URL!);
 * const store = await PostgresTelemetryStore.connect(scratch.url);
 * await scratch.query('UPDATE readings SET temp_c = 5.5 WHERE seq = 1'); // an edit behind the store's back
 * await store.close();
 * await scratch.drop();
 */
export class ScratchPostgresDatabase {
    #client: pg.Client | undefined;

    readonly #serverUrl: string;

    private constructor(
        serverUrl: string,
        readonly name: string,
        readonly url: string,
    ) {
        this.#serverUrl = serverUrl;
    }

    static async create(serverUrl: string): Promise<ScratchPostgresDatabase> {
        const name = `coldtrace_test_${randomBytes(6).toString('hex')}`;
        await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
        const url = new URL(serverUrl);
        url.pathname = `/${name}`;
        return new ScratchPostgresDatabase(serverUrl, name, url.toString());
    }

    /** Runs SQL in the scratch database over a connection of its own. */
    async query(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
        if (!this.#client) {
            this.#client = new pg.Client({ connectionString: this.url });
            await this.#client.connect();
        }
        return this.#client.query(sql, params);
    }

    async drop(): Promise<void> {
        await this.#client?.end();
        this.#client = undefined;
        await withClient(this.#serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`));
    }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
        return await work(client);
    } finally {
        await client.end();
    }
}

/**
 * A throwaway database on the PostgreSQL server at `serverUrl`, for one test run.
 *
 * @example
 * const scratch = await createScratchPostgresDatabase(process.env[TEST_DATABASE_URL_VARIABLE]!);
 */
export function createScratchPostgresDatabase(serverUrl: string): Promise<ScratchPostgresDatabase> {
    return ScratchPostgresDatabase.create(serverUrl);
}
