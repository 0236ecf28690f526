import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, readServerConfig, type RunningServer, startServer } from '@coldtrace/api';
import type { LedgerIdentity } from '@coldtrace/ledger-client';
import { ColdtraceClient, USER_ROLES, type UserRole } from '@coldtrace/api/contract';

/** The password every test user gets. */
export const TEST_PASSWORD = 'test-password-1';

/**
 * A coldtrace API server on the ledger the suites run on (embedded, or with COLDTRACE_TEST_LEDGER=fabric
 * the network from `npm run network:up`), with one signed-in user per role and a typed client each.
 *
 * @example
 * const api = await ApiHarness.start();
 * await api.as('manufacturer').call('createBatch', { body });
 */
export class ApiHarness {
    readonly #clients: Map<UserRole, ColdtraceClient>;

    private constructor(
        public running: RunningServer,
        readonly dataDir: string,
        clients: Map<UserRole, ColdtraceClient>,
        readonly tokens: Map<UserRole, string>,
    ) {
        this.#clients = clients;
    }

    /**
     * `logger` replaces the silent one, e.g. to look at what the server logs; `ledger: 'embedded'`
     * for suites that need what only the embedded ledger has (organizations admitted at runtime).
     */
    static async start(options: { dataDir?: string; env?: NodeJS.ProcessEnv; logger?: ReturnType<typeof createLogger>; ledger?: 'embedded' } = {}): Promise<ApiHarness> {
        const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'coldtrace-api-'));
        const running = await ApiHarness.#boot(dataDir, options.ledger ? { COLDTRACE_TEST_LEDGER: options.ledger, ...options.env } : options.env, options.logger);
        const harness = new ApiHarness(running, dataDir, new Map(), new Map());
        await harness.#signInAll();
        return harness;
    }

    static #boot(dataDir: string, env: NodeJS.ProcessEnv = {}, logger = createLogger('silent')): Promise<RunningServer> {
        const ledger = (env.COLDTRACE_TEST_LEDGER ?? process.env.COLDTRACE_TEST_LEDGER) === 'fabric' ? 'fabric' : 'embedded';
        const config = readServerConfig(['--port', '0', '--mqtt-port', '0', '--no-demo', '--data', dataDir, '--ledger', ledger], {
            // Suites send a trip's hours of readings, from the sensor's attachment, in seconds.
            COLDTRACE_MAX_CLOCK_SKEW_SECONDS: '86400',
            // The device HTTPS listener (mutual TLS) on a free port, for devices' HTTP ingestion.
            COLDTRACE_TELEMETRY_HTTPS_PORT: '0',
            ...process.env,
            COLDTRACE_WEB_ROOT: join(dataDir, 'no-web'),
            ...env,
        });
        return startServer(config, { logger });
    }

    get url(): string {
        return this.running.url;
    }

    get ledgerKind(): 'embedded' | 'fabric' {
        return this.running.context.ledger.ledger.kind;
    }

    /** The signed-in client of a role. */
    as(role: UserRole): ColdtraceClient {
        return this.#clients.get(role)!;
    }

    /** A client with no token. */
    anonymous(): ColdtraceClient {
        return new ColdtraceClient({ baseUrl: this.url });
    }

    /** The ledger identity the server acts with for a role's user. */
    identity(role: UserRole): Promise<LedgerIdentity> {
        return this.running.context.identities.of(this.running.context.users.find(role)!);
    }

    /** The detector service's identity, for writing what the sensors pipeline would. */
    detector(): Promise<LedgerIdentity> {
        return this.running.context.services.detector();
    }

    /** The highest block count any organization's peer has. */
    async height(): Promise<number> {
        const ledger = this.running.context.ledger.ledger;
        return Math.max(...(await Promise.all(USER_ROLES.map(async (role) => ledger.height(await this.identity(role))))));
    }

    /** Stops the server and starts a new one on the same data directory, as a restart does; `whileStopped` runs in between. */
    async restart(whileStopped?: () => Promise<void>): Promise<void> {
        const ledger = this.ledgerKind;
        await this.running.shutdown();
        await whileStopped?.();
        this.running = await ApiHarness.#boot(this.dataDir, { COLDTRACE_TEST_LEDGER: ledger }, this.running.context.logger);
        await this.#signInAll(false);
    }

    async close(): Promise<void> {
        await this.running.shutdown();
        rmSync(this.dataDir, { recursive: true, force: true });
    }

    async #signInAll(create = true): Promise<void> {
        for (const role of USER_ROLES) {
            if (create) {
                await this.running.context.users.add({ username: role, role, password: TEST_PASSWORD });
            }
            const client = new ColdtraceClient({ baseUrl: this.url });
            const { token } = await client.login(role, TEST_PASSWORD);
            this.#clients.set(role, client);
            this.tokens.set(role, token);
        }
    }
}
